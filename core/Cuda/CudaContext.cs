// The live CUDA state: driver, primary context of device 0, one stream, the loaded PTX modules and kernel launches.
using System.Text;

namespace Mnist.Scripting.Cuda;

internal sealed unsafe class CudaContext
{
    public CudaDriver Driver { get; }
    public nint Context { get; }
    public nint Stream { get; }
    public string DeviceName { get; }
    public int MultiprocessorCount { get; }
    public (int Major, int Minor) ComputeCapability { get; }
    public CudaAllocator Allocator { get; }

    readonly Dictionary<string, nint> functions = new();
    readonly Dictionary<string, nint> moduleOf = new();
    [ThreadStatic] static CudaContext? currentOnThread;

    public CudaContext(CudaDriver driver, int device = 0)
    {
        Driver = driver;
        int dev;
        driver.Check(driver.cuDeviceGet(&dev, device), "cuDeviceGet");
        nint ctx;
        driver.Check(driver.cuDevicePrimaryCtxRetain(&ctx, dev), "cuDevicePrimaryCtxRetain");
        Context = ctx;
        MakeCurrent();
        nint stream;
        driver.Check(driver.cuStreamCreate(&stream, 0), "cuStreamCreate");
        Stream = stream;
        DeviceName = driver.DeviceName(dev);
        MultiprocessorCount = driver.Attribute(CudaDriver.AttrMultiprocessorCount, dev);
        ComputeCapability = (driver.Attribute(CudaDriver.AttrComputeCapabilityMajor, dev), driver.Attribute(CudaDriver.AttrComputeCapabilityMinor, dev));
        foreach (var (file, ptx) in KernelNames.EmbeddedPtx()) LoadModule(file, ptx);
        Allocator = new CudaAllocator(this);
    }

    /// <summary>Driver calls act on the calling thread's current context: set it once per thread.</summary>
    public void MakeCurrent()
    {
        if (ReferenceEquals(currentOnThread, this)) return;
        Driver.Check(Driver.cuCtxSetCurrent(Context), "cuCtxSetCurrent");
        currentOnThread = this;
    }

    void LoadModule(string file, string ptx)
    {
        // cuModuleLoadData wants NUL-terminated PTX text; the driver JIT-compiles sm_80 PTX for newer GPUs.
        var bytes = Encoding.ASCII.GetBytes(ptx + "\0");
        nint module;
        fixed (byte* p = bytes)
        {
            int status = Driver.cuModuleLoadData(&module, p);
            if (status != 0) Driver.Check(status, $"cuModuleLoadData({file})");
        }
        foreach (var entry in KernelNames.Entries(ptx)) moduleOf[entry] = module;
    }

    public nint Function(string kernel)
    {
        lock (functions)
        {
            if (functions.TryGetValue(kernel, out var f)) return f;
            if (!moduleOf.TryGetValue(kernel, out var module))
                throw new InvalidOperationException($"cuda: no kernel named {kernel} in the embedded PTX; rebuild with cuda-kernels/build.sh");
            var name = Encoding.ASCII.GetBytes(kernel + "\0");
            fixed (byte* p = name) Driver.Check(Driver.cuModuleGetFunction(&f, module, p), "cuModuleGetFunction", kernel);
            functions[kernel] = f;
            return f;
        }
    }

    /// <summary>Launches a kernel on the stream; args are pointers to each argument's value, in order.</summary>
    public void Launch(string kernel, (uint X, uint Y, uint Z) grid, (uint X, uint Y, uint Z) block, ReadOnlySpan<nint> args)
    {
        if (grid.X == 0 || grid.Y == 0 || grid.Z == 0) return;
        MakeCurrent();
        var f = Function(kernel);
        fixed (nint* pargs = args)
            Driver.Check(Driver.cuLaunchKernel(f, grid.X, grid.Y, grid.Z, block.X, block.Y, block.Z, 0, Stream, (void**)pargs, null), "cuLaunchKernel", kernel);
        if (CudaBackend.SyncAfterLaunch) Driver.Check(Driver.cuStreamSynchronize(Stream), "cuStreamSynchronize", kernel);
    }

    /// <summary>A 1-D grid-stride launch of 256-thread blocks over n elements.</summary>
    public void Launch1D(string kernel, long n, ReadOnlySpan<nint> args) =>
        Launch(kernel, (LaunchMath.Blocks1D(n), 1, 1), (LaunchMath.Block, 1, 1), args);

    public void Synchronize() { MakeCurrent(); Driver.Check(Driver.cuStreamSynchronize(Stream), "cuStreamSynchronize"); }
}
