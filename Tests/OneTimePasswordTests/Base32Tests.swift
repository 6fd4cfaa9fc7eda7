import OneTimePassword
import Testing

/// RFC 4648 §10's vectors and the leniency authenticator apps need.
@Suite struct Base32Tests {
    @Test(arguments: [
        ("", ""), ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="), ("foob", "MZXW6YQ="),
        ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI======"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) throws {
        #expect(try Base32.decode(encoded) == Array(plain.utf8))
    }

    @Test func paddingIsOptionalAndCaseDoesNotMatter() throws {
        #expect(try Base32.decode("MZXW6YTBOI") == Array("foobar".utf8))
        #expect(try Base32.decode("mzxw6ytboi======") == Array("foobar".utf8))
        #expect(try Base32.decode("MzXw6YtBoI") == Array("foobar".utf8))
    }

    @Test func spacesAreIgnored() throws {
        #expect(try Base32.decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq") == Array("12345678901234567890".utf8))
        #expect(try Base32.decode(" MZXW 6=== ") == Array("foo".utf8))
    }

    @Test(arguments: [
        ("MZXW1YTB", Base32Error.invalidCharacter(offset: 4)),  // 1 is not in the alphabet
        ("MZXW8YTB", .invalidCharacter(offset: 4)),
        ("MZ-XW6YTB", .invalidCharacter(offset: 2)),
        ("MZXW6YTB\n", .invalidCharacter(offset: 8)),
        ("MZXWé", .invalidCharacter(offset: 4)),
        ("MZ=XW6", .characterAfterPadding(offset: 3)),
        ("M", .invalidLength(1)),
        ("MZX", .invalidLength(3)),
        ("MZXW6Y", .invalidLength(6)),
    ])
    func invalidTextIsAnError(text: String, error: Base32Error) {
        #expect(throws: error) { try Base32.decode(text) }
    }

    @Test func errorsDoNotRepeatTheText() {
        let secret = "SECRETX1SECRET"
        do {
            _ = try Base32.decode(secret)
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("SECRET"))
            #expect(!error.description.contains("X1"))
            #expect(error.description.contains("offset 7"))
        }
    }
}
