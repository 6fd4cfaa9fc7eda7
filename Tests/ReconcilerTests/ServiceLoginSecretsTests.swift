@testable import Reconciler
import Testing

@Suite("Service-login secrets", .timeLimit(.minutes(10)))
struct ServiceLoginSecretsTests {
    @Test("a TOTP secret is redacted also as a server may echo it normalized: upper case, no spaces or padding")
    func normalizedTOTPSecret() {
        let login = ServiceLogin(organizationSlug: "acme", email: "ci@acme.example", password: "pw", mfa: .totpSecret("krsx g5ct mvrx ezlu=="))
        #expect(Set(login.secrets) == ["pw", "krsx g5ct mvrx ezlu==", "KRSXG5CTMVRXEZLU"])
    }
}
