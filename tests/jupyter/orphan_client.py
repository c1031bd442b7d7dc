"""A Jupyter client that dies: starts the kernel named by MNIST_SCRIPTING_KERNEL with jupyter_client's KernelManager
(which sets JPY_PARENT_PID, as the notebook server's does), waits until it answers, prints its process id and sleeps
until the test kills this process with SIGKILL, so that nothing of jupyter_client's can shut the kernel down.
"""
import os, sys, time

from jupyter_client.manager import KernelManager

km = KernelManager(kernel_name=os.environ["MNIST_SCRIPTING_KERNEL"])
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=120)
print(km.provisioner.process.pid, flush=True)
time.sleep(600)
