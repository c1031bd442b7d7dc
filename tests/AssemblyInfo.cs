// How the suite runs in parallel. A fixture marked [Parallelizable] touches no process-wide setting (no seed of the
// default generator, GEMM route, thread count, display hook, environment variable or image limit) and runs beside the
// other marked fixtures, two at a time; every other fixture runs one at a time, never beside a marked one (NUnit keeps
// its parallel and non-parallel work in separate shifts). The chapter scripts run as child processes with their own
// data cache and plot folder, so their three fixtures overlap each other and the in-process checks.
[assembly: LevelOfParallelism(2)]
