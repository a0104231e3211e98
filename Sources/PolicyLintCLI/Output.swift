#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command writes. `failed` tells the caller that some text did not arrive
/// (a closed pipe, a full disk), so the run can end with an error instead of a false success.
public protocol CommandOutput: AnyObject {
    func write(_ text: String)
    var failed: Bool { get }
}

/// Collects text in memory, for tests.
public final class StringOutput: CommandOutput {
    public private(set) var text = ""
    public var failed: Bool { false }

    public init() {}

    public func write(_ text: String) { self.text += text }
}

/// Writes to a file descriptor with write(2), retrying short writes.
public final class FileDescriptorOutput: CommandOutput {
    public let descriptor: Int32
    public private(set) var failed = false
    public private(set) var failureReason: String?

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public var isTerminal: Bool { isatty(descriptor) == 1 }

    public func write(_ text: String) {
        guard !failed else { return }
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    failureReason = String(cString: strerror(errno)).lowercased()
                    return
                }
                offset += written
            }
        }
    }
}

/// The world a command sees, so tests can stand in for the terminal and the environment.
public struct CommandContext {
    public var environment: [String: String]
    public var outputIsTerminal: Bool
    public var readStandardInput: () -> [UInt8]

    public init(
        environment: [String: String] = [:], outputIsTerminal: Bool = false,
        readStandardInput: @escaping () -> [UInt8] = { [] }
    ) {
        self.environment = environment
        self.outputIsTerminal = outputIsTerminal
        self.readStandardInput = readStandardInput
    }
}

/// Colour decision, in the usual precedence: `--color always|never`, then NO_COLOR (any
/// non-empty value turns colour off), then FORCE_COLOR / CLICOLOR_FORCE, then TERM=dumb,
/// then whether the output is a terminal.
enum ColorChoice {
    static func useColor(option: String?, context: CommandContext) -> Bool {
        switch option {
        case "always": return true
        case "never": return false
        default: break
        }
        let environment = context.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        for name in ["FORCE_COLOR", "CLICOLOR_FORCE"] {
            if let value = environment[name], !value.isEmpty, value != "0" { return true }
        }
        if environment["TERM"] == "dumb" { return false }
        return context.outputIsTerminal
    }
}

func readStandardInputBytes() -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { continue }
        if count <= 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
}

extension CommandContext {
    /// The process's real environment and standard input.
    public static func live(outputIsTerminal: Bool) -> CommandContext {
        var environment: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return CommandContext(
            environment: environment, outputIsTerminal: outputIsTerminal, readStandardInput: readStandardInputBytes)
    }
}
