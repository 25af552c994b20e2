import Foundation
import Kernels

/// Makes OpenBLAS run the best kernels it has for this CPU, before the first BLAS call.
///
/// OpenBLAS reads `OPENBLAS_CORETYPE` once, in its library constructor, which runs before
/// `main`; on a CPU it does not know it falls back to slow generic kernels. When
/// `BLASCoreChoice.decide` says so, `quarry` sets the variable and replaces itself with a
/// fresh copy of its own executable (`execv` of /proc/self/exe, same arguments), whose
/// OpenBLAS then loads with the right kernels.
///
/// Why a re-exec, by measurement (2-core AMD EPYC, loaded): it adds one process start,
/// ~20 ms (`status` 60 ms median with the re-exec, 37 ms without), most of it OpenBLAS's
/// own initialisation (an empty program linked to it starts in 28 ms, 1 ms without), and
/// only on machines whose OpenBLAS falls back, where sgemm gets 3-4x faster and embedding
/// a batch takes seconds. Loading OpenBLAS lazily with dlopen would save those ~20 ms
/// but needs every BLAS entry point (Kernels, DenseIndex) called through looked-up
/// pointers and the link-time dependency dropped for every target and test, and any BLAS
/// call before the set-up would crash. A marker variable carries the choice into the new
/// process, which records it and restores the user's environment: nothing loops, and
/// programs `quarry` starts (peers) see the environment the user set.
enum BLASStartup {
    /// Set only between the decision and the re-executed process; holds the chosen core.
    static let marker = "QUARRY_OPENBLAS_CORETYPE"

    /// Decides, re-executes when needed (does not return then), and records the choice.
    static func configure() {
        #if os(Linux)
        if getenv(marker) != nil {
            BLASCore.record(.quarry(core: BLASCore.reportedCore))
            unsetenv("OPENBLAS_CORETYPE")
            unsetenv(marker)
            return
        }
        let choice = BLASCoreChoice.decide(
            cpu: .current, reportedCore: BLASCore.reportedCore,
            explicitSetting: getenv("OPENBLAS_CORETYPE").map { String(cString: $0) })
        if case .quarry(let core) = choice {
            setenv("OPENBLAS_CORETYPE", core, 1)
            setenv(marker, core, 1)
            execv("/proc/self/exe", CommandLine.unsafeArgv)
            // Only reached when execv failed: carry on with OpenBLAS's kernels.
            unsetenv("OPENBLAS_CORETYPE")
            unsetenv(marker)
            BLASCore.record(.openblas(core: BLASCore.reportedCore))
            return
        }
        BLASCore.record(choice)
        #endif
    }
}
