#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PolicyLintCLI

// A closed pipe should surface as a write error we can report, not kill the process silently.
signal(SIGPIPE, SIG_IGN)

let output = FileDescriptorOutput(descriptor: STDOUT_FILENO)
let errors = FileDescriptorOutput(descriptor: STDERR_FILENO)
let context = CommandContext.live(outputIsTerminal: output.isTerminal)
var status = PolicyLintCommand.run(Array(CommandLine.arguments.dropFirst()), context: context, output: output, errors: errors)
if output.failed {
    errors.write("policylint: error: cannot write the output: \(output.failureReason ?? "write failed")\n")
    status = .failure
}
exit(status.rawValue)
