import CBLAS
import Foundation
import Synchronization

/// The OpenBLAS kernels this process runs and who chose them, for reports. The `quarry`
/// executable records its start-up decision here (see `BLASCoreChoice`); any other process
/// (tests, a library user) gets OpenBLAS's own account: the environment's core when
/// `OPENBLAS_CORETYPE` is set, OpenBLAS's detection otherwise.
public enum BLASCore {
    /// The core name OpenBLAS reports (`openblas_get_corename()`), e.g. "Haswell".
    public static var reportedCore: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The choice in effect in this process.
    public static var current: BLASCoreChoice {
        recorded.withLock { $0 } ?? BLASCoreChoice.decideWithoutReloading(reportedCore: reportedCore)
    }

    /// Records the choice start-up made; call once, before the first report.
    public static func record(_ choice: BLASCoreChoice) {
        recorded.withLock { $0 = choice }
    }

    private static let recorded = Mutex<BLASCoreChoice?>(nil)
}

extension BLASCoreChoice {
    /// The account of a process that cannot load OpenBLAS again: the user's setting, or
    /// OpenBLAS's own pick.
    static func decideWithoutReloading(reportedCore: String) -> BLASCoreChoice {
        let setting = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) } ?? ""
        return setting.isEmpty ? .openblas(core: reportedCore) : .environment(core: reportedCore)
    }
}
