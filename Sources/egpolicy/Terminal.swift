import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Questions on the terminal: asked on stderr, answered on stdin, a secret without echo.
enum Terminal {
    /// Both stdin and stderr are terminals: someone can be asked.
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1 }

    /// Asks `question`; the answer without its line break, `nil` at end of input or on cancellation.
    /// With `echo` false the typed characters are not shown (a password, an MFA code).
    static func ask(_ question: String, echo: Bool = true) async -> String? {
        // Echo goes off before the question shows: an answer typed (or pasted) as soon as the
        // prompt appears must not be echoed.
        var saved = termios()
        let hide = !echo && tcgetattr(STDIN_FILENO, &saved) == 0
        if hide {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        }
        FileHandle.standardError.write(Data(question.utf8))
        let answer = await TerminalLine.read()
        if hide {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return answer
    }

    /// Asks `question`; true only when the answer is "yes".
    static func confirm(_ question: String) async -> Bool {
        await ask(question)?.trimmingCharacters(in: .whitespaces) == "yes"
    }
}
