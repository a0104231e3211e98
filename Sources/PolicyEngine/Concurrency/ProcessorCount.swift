#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How many processors this process may run on: the default for `--jobs`. Asked of the system
/// directly, so the command-line tool need not load Foundation (about 6 ms of every start).
public enum ProcessorCount {
    public static var available: Int {
        var count = online
        if let allowed = allowedByAffinity() { count = min(count, allowed) }
        if let quota = cgroupQuota() { count = min(count, quota) }
        return max(1, count)
    }

    private static var online: Int {
        let count = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return count > 0 ? count : 1
    }

    /// The CPUs the process may run on (`taskset`, container cpusets), from the kernel's
    /// `Cpus_allowed` mask: Swift's Glibc module does not export `sched_getaffinity`.
    private static func allowedByAffinity() -> Int? {
        guard case .success(let bytes) = FileSystem.readFile("/proc/self/status") else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        var count = 0
        for character in line.dropFirst("Cpus_allowed:".count) {
            guard let digit = character.hexDigitValue else { continue }  // spaces, tabs and commas
            count += digit.nonzeroBitCount
        }
        return count > 0 ? count : nil
    }

    /// A cgroup v2 CPU limit (`/sys/fs/cgroup/cpu.max`, "quota period"), rounded up: a
    /// container limited to two CPUs on a large host gains nothing from more workers.
    private static func cgroupQuota() -> Int? {
        guard case .success(let bytes) = FileSystem.readFile("/sys/fs/cgroup/cpu.max") else { return nil }
        let fields = bytes.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") })
        guard fields.count >= 2, let quota = Int(String(decoding: fields[0], as: UTF8.self)),
            let period = Int(String(decoding: fields[1], as: UTF8.self)), quota > 0, period > 0
        else { return nil }  // "max": no limit
        return (quota + period - 1) / period
    }
}
