"""Console input through Jupyter's own client: jupyter_client's execute_interactive with allow_stdin answers the
kernel's input_request through its stdin channel (what jupyter console does at a prompt). Runs one cell that reads a
line in the kernel named by MNIST_SCRIPTING_KERNEL and prints what the kernel echoed; exit 0 when it matched.
"""
import os, sys

from jupyter_client.manager import start_new_kernel

fsharp = os.environ["MNIST_SCRIPTING_KERNEL"].endswith("-fsharp")
code = ('let line = System.Console.ReadLine()\nprintfn "echo: %s" line' if fsharp
        else 'var line = Console.ReadLine(); Console.WriteLine($"echo: {line}");')
km, kc = start_new_kernel(kernel_name=os.environ["MNIST_SCRIPTING_KERNEL"], startup_timeout=120)
asked, printed = [], []
try:
    def answer(msg):
        asked.append(msg["content"])
        kc.input("typed by jupyter_client")
    def output(msg):
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])
    reply = kc.execute_interactive(code, allow_stdin=True, stdin_hook=answer, output_hook=output, timeout=120)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(f"status={reply['content']['status']} asked={len(asked)} printed={''.join(printed)!r}")
sys.exit(0 if reply["content"]["status"] == "ok" and len(asked) == 1 and "echo: typed by jupyter_client" in "".join(printed) else 1)
