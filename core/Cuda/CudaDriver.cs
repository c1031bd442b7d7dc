// Our binding of the CUDA driver API (libcuda): the calls the backend needs, loaded with NativeLibrary so a machine
// without a driver gets a reason instead of a crash. Every call goes through Check, which names the call and error.
using System.Runtime.InteropServices;

namespace Mnist.Scripting.Cuda;

/// <summary>A failed driver call: the call, the CUDA error name and text, and the kernel when one was launching.</summary>
public class CudaException(string message, int status) : Exception(message)
{
    /// <summary>The CUresult code (2 = CUDA_ERROR_OUT_OF_MEMORY).</summary>
    public int Status { get; } = status;
}

/// <summary>
/// The device ran out of memory even after the allocator emptied its cache and collected garbage (torch.cuda.OutOfMemoryError).
/// Not an <see cref="OutOfMemoryException"/>: the runtime prints only "Out of memory." for those when unhandled.
/// </summary>
public sealed class CudaOutOfMemoryException(string message) : CudaException(message, CudaDriver.ErrorOutOfMemory);

internal sealed unsafe class CudaDriver
{
    public const int ErrorOutOfMemory = 2;
    public const int AttrMultiprocessorCount = 16;
    public const int AttrComputeCapabilityMajor = 75;
    public const int AttrComputeCapabilityMinor = 76;

    /// <summary>The driver library's name on this OS.</summary>
    public static string DefaultLibrary => OperatingSystem.IsWindows() ? "nvcuda.dll" : "libcuda.so.1";

    readonly nint lib;
    public readonly delegate* unmanaged<uint, int> cuInit;
    public readonly delegate* unmanaged<int*, int> cuDeviceGetCount;
    public readonly delegate* unmanaged<int*, int, int> cuDeviceGet;
    public readonly delegate* unmanaged<byte*, int, int, int> cuDeviceGetName;
    public readonly delegate* unmanaged<int*, int, int, int> cuDeviceGetAttribute;
    public readonly delegate* unmanaged<nint*, int, int> cuDevicePrimaryCtxRetain;
    public readonly delegate* unmanaged<nint, int> cuCtxSetCurrent;
    public readonly delegate* unmanaged<int> cuCtxSynchronize;
    public readonly delegate* unmanaged<nint*, byte*, int> cuModuleLoadData;
    public readonly delegate* unmanaged<nint*, nint, byte*, int> cuModuleGetFunction;
    public readonly delegate* unmanaged<ulong*, nuint, int> cuMemAlloc;
    public readonly delegate* unmanaged<ulong, int> cuMemFree;
    public readonly delegate* unmanaged<nuint*, nuint*, int> cuMemGetInfo;
    public readonly delegate* unmanaged<ulong, void*, nuint, nint, int> cuMemcpyHtoDAsync;
    public readonly delegate* unmanaged<void*, ulong, nuint, nint, int> cuMemcpyDtoHAsync;
    public readonly delegate* unmanaged<ulong, ulong, nuint, nint, int> cuMemcpyDtoDAsync;
    public readonly delegate* unmanaged<ulong, byte, nuint, nint, int> cuMemsetD8Async;
    public readonly delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int> cuLaunchKernel;
    public readonly delegate* unmanaged<nint*, uint, int> cuStreamCreate;
    public readonly delegate* unmanaged<nint, int> cuStreamSynchronize;
    public readonly delegate* unmanaged<nint*, uint, int> cuEventCreate;
    public readonly delegate* unmanaged<nint, nint, int> cuEventRecord;
    public readonly delegate* unmanaged<nint, int> cuEventSynchronize;
    public readonly delegate* unmanaged<float*, nint, nint, int> cuEventElapsedTime;
    public readonly delegate* unmanaged<nint, int> cuEventDestroy;
    public readonly delegate* unmanaged<int, byte**, int> cuGetErrorName;
    public readonly delegate* unmanaged<int, byte**, int> cuGetErrorString;

    CudaDriver(nint lib)
    {
        this.lib = lib;
        cuInit = (delegate* unmanaged<uint, int>)Get("cuInit");
        cuDeviceGetCount = (delegate* unmanaged<int*, int>)Get("cuDeviceGetCount");
        cuDeviceGet = (delegate* unmanaged<int*, int, int>)Get("cuDeviceGet");
        cuDeviceGetName = (delegate* unmanaged<byte*, int, int, int>)Get("cuDeviceGetName");
        cuDeviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)Get("cuDeviceGetAttribute");
        cuDevicePrimaryCtxRetain = (delegate* unmanaged<nint*, int, int>)Get("cuDevicePrimaryCtxRetain");
        cuCtxSetCurrent = (delegate* unmanaged<nint, int>)Get("cuCtxSetCurrent");
        cuCtxSynchronize = (delegate* unmanaged<int>)Get("cuCtxSynchronize");
        cuModuleLoadData = (delegate* unmanaged<nint*, byte*, int>)Get("cuModuleLoadData");
        cuModuleGetFunction = (delegate* unmanaged<nint*, nint, byte*, int>)Get("cuModuleGetFunction");
        cuMemAlloc = (delegate* unmanaged<ulong*, nuint, int>)Get("cuMemAlloc_v2");
        cuMemFree = (delegate* unmanaged<ulong, int>)Get("cuMemFree_v2");
        cuMemGetInfo = (delegate* unmanaged<nuint*, nuint*, int>)Get("cuMemGetInfo_v2");
        cuMemcpyHtoDAsync = (delegate* unmanaged<ulong, void*, nuint, nint, int>)Get("cuMemcpyHtoDAsync_v2");
        cuMemcpyDtoHAsync = (delegate* unmanaged<void*, ulong, nuint, nint, int>)Get("cuMemcpyDtoHAsync_v2");
        cuMemcpyDtoDAsync = (delegate* unmanaged<ulong, ulong, nuint, nint, int>)Get("cuMemcpyDtoDAsync_v2");
        cuMemsetD8Async = (delegate* unmanaged<ulong, byte, nuint, nint, int>)Get("cuMemsetD8Async");
        cuLaunchKernel = (delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int>)Get("cuLaunchKernel");
        cuStreamCreate = (delegate* unmanaged<nint*, uint, int>)Get("cuStreamCreate");
        cuStreamSynchronize = (delegate* unmanaged<nint, int>)Get("cuStreamSynchronize");
        cuEventCreate = (delegate* unmanaged<nint*, uint, int>)Get("cuEventCreate");
        cuEventRecord = (delegate* unmanaged<nint, nint, int>)Get("cuEventRecord");
        cuEventSynchronize = (delegate* unmanaged<nint, int>)Get("cuEventSynchronize");
        cuEventElapsedTime = (delegate* unmanaged<float*, nint, nint, int>)Get("cuEventElapsedTime");
        cuEventDestroy = (delegate* unmanaged<nint, int>)Get("cuEventDestroy_v2");
        cuGetErrorName = (delegate* unmanaged<int, byte**, int>)Get("cuGetErrorName");
        cuGetErrorString = (delegate* unmanaged<int, byte**, int>)Get("cuGetErrorString");
    }

    nint Get(string name) => NativeLibrary.TryGetExport(lib, name, out var p) ? p
        : throw new EntryPointNotFoundException($"{name} is not exported (driver too old?)");

    /// <summary>Loads the driver, initializes it and checks that a device exists; otherwise the reason.</summary>
    public static (CudaDriver? Driver, string? Reason) Load(string? library = null)
    {
        library ??= DefaultLibrary;
        if (!NativeLibrary.TryLoad(library, out var handle))
            return (null, $"could not load the CUDA driver library {library} (is an NVIDIA driver installed?)");
        CudaDriver d;
        try { d = new CudaDriver(handle); }
        catch (EntryPointNotFoundException e) { return (null, $"{library}: {e.Message}"); }
        int status = d.cuInit(0);
        if (status != 0) return (null, $"cuInit failed: {d.ErrorName(status)} ({d.ErrorString(status)})");
        int count;
        status = d.cuDeviceGetCount(&count);
        if (status != 0) return (null, $"cuDeviceGetCount failed: {d.ErrorName(status)}");
        if (count == 0) return (null, "the driver found no CUDA device");
        return (d, null);
    }

    public string ErrorName(int status)
    {
        byte* p = null;
        return cuGetErrorName(status, &p) == 0 && p != null ? Marshal.PtrToStringAnsi((nint)p)! : $"CUDA error {status}";
    }

    public string ErrorString(int status)
    {
        byte* p = null;
        return cuGetErrorString(status, &p) == 0 && p != null ? Marshal.PtrToStringAnsi((nint)p)! : "unknown error";
    }

    /// <summary>The one choke point for driver status codes.</summary>
    public void Check(int status, string call, string? kernel = null)
    {
        if (status == 0) return;
        throw new CudaException($"{call} failed: {ErrorName(status)} ({ErrorString(status)}){(kernel is null ? "" : $" while launching kernel {kernel}")}", status);
    }

    public string DeviceName(int device)
    {
        var buf = stackalloc byte[256];
        Check(cuDeviceGetName(buf, 256, device), "cuDeviceGetName");
        return Marshal.PtrToStringAnsi((nint)buf)!;
    }

    public int Attribute(int attribute, int device)
    {
        int v;
        Check(cuDeviceGetAttribute(&v, attribute, device), "cuDeviceGetAttribute");
        return v;
    }
}
