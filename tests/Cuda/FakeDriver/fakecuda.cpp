// A CPU emulator of the slice of the CUDA driver API our binding uses (libfakecuda.so). The kernels' .cu sources are
// compiled for the host; a launch runs every block, and inside a block each thread is a fiber so __syncthreads is a
// real barrier. Lets the whole CUDA path (binding, allocator, geometry, kernel code) run parity tests without a GPU.
// FAKECUDA_MEM_LIMIT=<bytes> makes cuMemAlloc fail with CUDA_ERROR_OUT_OF_MEMORY beyond that many live bytes.
// Each allocation sits between 256-byte guard zones checked after every launch: a kernel writing outside its
// buffers fails with CUDA_ERROR_ILLEGAL_ADDRESS and a message naming it.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <ucontext.h>
#include <vector>
#include "fakecuda_host.h"

fake_dim3 threadIdx, blockIdx, blockDim, gridDim;

struct KernelEntry { const char* name; void (*thunk)(void**); bool syncs; };
extern const KernelEntry* fake_kernels_ptr;
extern const int fake_kernel_count_v;

static std::map<unsigned long long, size_t> live;
static size_t liveBytes = 0;

// ---- fibers: one per thread of the running block ----
static ucontext_t scheduler;
static std::vector<ucontext_t> fibers;
static std::vector<char*> stacks;
static std::vector<bool> finished;
static int current = -1;
static void (*runningThunk)(void**);
static void** runningArgs;
const size_t StackBytes = 256 * 1024;

void __syncthreads()
{
    if (current < 0) return; // sequential mode: kernels that never sync
    swapcontext(&fibers[current], &scheduler);
}

static void fiber_entry() { runningThunk(runningArgs); finished[current] = true; }

static void set_thread(unsigned t)
{
    threadIdx.x = t % blockDim.x;
    threadIdx.y = (t / blockDim.x) % blockDim.y;
    threadIdx.z = t / (blockDim.x * blockDim.y);
}

static void run_block_fibers(unsigned n)
{
    fibers.resize(n); finished.assign(n, false);
    while (stacks.size() < n) stacks.push_back((char*)malloc(StackBytes));
    for (unsigned i = 0; i < n; i++)
    {
        getcontext(&fibers[i]);
        fibers[i].uc_stack.ss_sp = stacks[i];
        fibers[i].uc_stack.ss_size = StackBytes;
        fibers[i].uc_link = &scheduler;
        makecontext(&fibers[i], fiber_entry, 0);
    }
    // Round robin: every unfinished fiber runs to its next __syncthreads (or its end) before any passes it.
    for (bool any = true; any;)
    {
        any = false;
        for (unsigned i = 0; i < n; i++)
        {
            if (finished[i]) continue;
            any = true;
            current = (int)i;
            set_thread(i);
            swapcontext(&scheduler, &fibers[i]);
        }
    }
    current = -1;
}

extern "C" {
int cuInit(unsigned) { return 0; }
int cuDeviceGetCount(int* n) { *n = 1; return 0; }
int cuDeviceGet(int* d, int i) { *d = i; return i == 0 ? 0 : 101; }
int cuDeviceGetName(char* name, int len, int) { snprintf(name, len, "fakecuda CPU emulator"); return 0; }
int cuDeviceGetAttribute(int* v, int attr, int) { *v = attr == 75 ? 8 : attr == 76 ? 0 : attr == 16 ? 2 : 0; return 0; }
int cuDevicePrimaryCtxRetain(void** ctx, int) { *ctx = (void*)0x1; return 0; }
int cuCtxSetCurrent(void*) { return 0; }
int cuCtxSynchronize() { return 0; }
int cuModuleLoadData(void** module, const char* image)
{
    // The kernels are compiled in; still insist on what the real driver needs: NUL-terminated PTX text.
    if (strncmp(image, "//", 2) != 0 || !strstr(image, ".version") || !strstr(image, ".entry")) return 200; // CUDA_ERROR_INVALID_IMAGE
    *module = (void*)0x2;
    return 0;
}
int cuModuleGetFunction(void** f, void*, const char* name)
{
    for (int i = 0; i < fake_kernel_count_v; i++)
        if (strcmp(fake_kernels_ptr[i].name, name) == 0) { *f = (void*)&fake_kernels_ptr[i]; return 0; }
    return 500; // CUDA_ERROR_NOT_FOUND
}
const size_t Guard = 256;
const unsigned char GuardByte = 0x5A;

static bool guards_intact(unsigned long long p, size_t bytes)
{
    const unsigned char* m = (const unsigned char*)p;
    for (size_t i = 1; i <= Guard; i++)
        if (m[-(long)i] != GuardByte || m[bytes + i - 1] != GuardByte) return false;
    return true;
}

int cuMemAlloc_v2(unsigned long long* p, size_t bytes)
{
    const char* limit = getenv("FAKECUDA_MEM_LIMIT");
    if (limit && liveBytes + bytes > strtoull(limit, nullptr, 10)) return 2; // CUDA_ERROR_OUT_OF_MEMORY
    size_t body = (bytes + 255) / 256 * 256;
    unsigned char* m = (unsigned char*)aligned_alloc(256, Guard + body + Guard);
    if (!m) return 2;
    memset(m, GuardByte, Guard);
    memset(m + Guard, 0xA5, body); // device memory starts with garbage, not zeros
    memset(m + Guard + bytes, GuardByte, body - bytes + Guard);
    *p = (unsigned long long)(m + Guard);
    live[*p] = bytes;
    liveBytes += bytes;
    return 0;
}
int cuMemFree_v2(unsigned long long p)
{
    auto it = live.find(p);
    if (it == live.end()) return 1; // CUDA_ERROR_INVALID_VALUE
    liveBytes -= it->second;
    live.erase(it);
    free((void*)(p - Guard));
    return 0;
}
int cuMemGetInfo_v2(size_t* free_, size_t* total) { *total = 1ull << 34; *free_ = *total - liveBytes; return 0; }
int cuMemcpyHtoDAsync_v2(unsigned long long d, const void* s, size_t n, void*) { memcpy((void*)d, s, n); return 0; }
int cuMemcpyDtoHAsync_v2(void* d, unsigned long long s, size_t n, void*) { memcpy(d, (void*)s, n); return 0; }
int cuMemcpyDtoDAsync_v2(unsigned long long d, unsigned long long s, size_t n, void*) { memmove((void*)d, (void*)s, n); return 0; }
int cuMemsetD8Async(unsigned long long d, unsigned char v, size_t n, void*) { memset((void*)d, v, n); return 0; }
int cuStreamCreate(void** s, unsigned) { *s = (void*)0x3; return 0; }
int cuStreamSynchronize(void*) { return 0; }
int cuEventCreate(void** e, unsigned) { *e = (void*)0x4; return 0; }
int cuEventRecord(void*, void*) { return 0; }
int cuEventSynchronize(void*) { return 0; }
int cuEventElapsedTime(float* ms, void*, void*) { *ms = 0; return 0; }
int cuEventDestroy_v2(void*) { return 0; }
int cuGetErrorName(int e, const char** s)
{
    *s = e == 2 ? "CUDA_ERROR_OUT_OF_MEMORY" : e == 700 ? "CUDA_ERROR_ILLEGAL_ADDRESS" : e == 500 ? "CUDA_ERROR_NOT_FOUND" : e == 200 ? "CUDA_ERROR_INVALID_IMAGE" : e == 1 ? "CUDA_ERROR_INVALID_VALUE" : "CUDA_ERROR_UNKNOWN";
    return 0;
}
int cuGetErrorString(int e, const char** s) { *s = e == 2 ? "out of memory" : "fakecuda error"; return 0; }

int cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                   unsigned shared, void*, void** args, void** extra)
{
    if (shared != 0 || extra != nullptr || bx * by * bz > 1024 || gy > 65535 || gz > 65535) return 1;
    auto* k = (const KernelEntry*)f;
    gridDim = {gx, gy, gz};
    blockDim = {bx, by, bz};
    unsigned n = bx * by * bz;
    runningThunk = k->thunk;
    runningArgs = args;
    for (unsigned z = 0; z < gz; z++)
        for (unsigned y = 0; y < gy; y++)
            for (unsigned x = 0; x < gx; x++)
            {
                blockIdx = {x, y, z};
                if (k->syncs) { run_block_fibers(n); continue; }
                for (unsigned t = 0; t < n; t++) { set_thread(t); k->thunk(args); }
            }
    for (auto& [p, bytes] : live)
        if (!guards_intact(p, bytes))
        {
            fprintf(stderr, "fakecuda: kernel %s wrote outside the %zu-byte buffer at %llx\n", k->name, bytes, p);
            return 700; // CUDA_ERROR_ILLEGAL_ADDRESS
        }
    return 0;
}
}
