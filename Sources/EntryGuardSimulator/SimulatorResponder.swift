import Foundation
import HTTPTypes
import Hummingbird

/// Answers every request: arrival → scripted fault → latency → credentials → rate limit → error rate →
/// endpoint, and records each request in the log whatever its outcome.
struct SimulatorResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let state: SimulatorState
    let authenticator: Authenticator
    let latencyMilliseconds: Int
    let redirectLocation: String

    /// Creates the responder for a configuration and its state.
    init(configuration: SimulatorConfiguration, state: SimulatorState) {
        self.state = state
        authenticator = Authenticator(configuration)
        latencyMilliseconds = configuration.latencyMilliseconds
        redirectLocation = configuration.redirectLocation
    }

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let arrival = ContinuousClock.now
        let time = Timestamp.rfc3339(Date(), milliseconds: true)
        let method = request.method.rawValue
        let path = request.uri.path
        let (inFlight, fault) = await state.arrive(method: method, path: path)
        let response = await answer(method: method, path: path, headers: request.headers, fault: fault)
        let elapsed = ContinuousClock.now - arrival
        let (seconds, attoseconds) = elapsed.components
        await state.finish(RequestLogEntry(
            time: time,
            method: method,
            path: path,
            status: response.status.code,
            durationMs: ((Double(seconds) * 1000 + Double(attoseconds) / 1e15) * 1000).rounded() / 1000,
            inFlight: inFlight,
            credential: Authenticator.kind(of: request.headers)
        ))
        return response
    }

    private func answer(method: String, path: String, headers: HTTPFields, fault: Fault?) async -> Response {
        switch fault {
        case .status(let status, let message, let retryAfter):
            let error = APIError(status: status, message: message ?? APIError.defaultMessage(status: status),
                                 retryAfter: retryAfter)
            return error.response(path: path, now: Date())
        case .body(let status, let contentType, let bytes):
            var fields = HTTPFields()
            fields[.contentType] = contentType
            return Response(status: .init(code: status, reasonPhrase: APIError.reasonPhrase(status)), headers: fields,
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .hostile(let mode):
            return await hostile(mode, method: method, path: path, headers: headers)
        case .delay(let milliseconds):
            await Self.sleep(milliseconds: milliseconds, unless: state.stopping)
        case nil:
            break
        }
        await Self.sleep(milliseconds: latencyMilliseconds + state.drawJitterMilliseconds(), unless: state.stopping)

        switch authenticator.access(for: headers) {
        case .unauthenticated:
            return APIError.unauthenticated.response(path: path, now: Date())
        case .notAdmin:
            return APIError.notAdmin.response(path: path, now: Date())
        case .withoutResourcesScope where Route.needsResourcesScope(path: path):
            return APIError.lacksResourcesScope.response(path: path, now: Date())
        case .withoutResourcesScope, .full:
            break
        }
        if let retryAfter = await state.admit(at: .now) {
            return APIError.rateLimited(retryAfterSeconds: retryAfter).response(path: path, now: Date())
        }
        if await state.drawError() {
            return APIError.internalError.response(path: path, now: Date())
        }
        guard let route = Route(method: method, path: path) else {
            return APIError.noEndpoint(method: method, path: path).response(path: path, now: Date())
        }
        if let invalid = route.pathIDs.first(where: { !Route.isUUID($0) }) {
            return APIError.invalidUUID(invalid).response(path: path, now: Date())
        }
        let now = Date()
        switch await state.body(of: route, timestamp: Timestamp.rfc3339(now)) {
        case .failure(let error):
            return error.response(path: path, now: now)
        case .success(nil):
            return Response(status: .noContent)
        case .success(let body?):
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: body))
        }
    }

    /// A hostile answer, broken from what a read of this path answers now (a write is not performed).
    private func hostile(_ mode: HostileResponse, method: String, path: String, headers: HTTPFields) async -> Response {
        var original = Reply.assignedBody
        if method == "GET", let route = Route(method: method, path: path),
           case .success(let reply) = await state.perform(route, timestamp: Timestamp.rfc3339(Date())),
           let body = reply.jsonValue {
            original = body
        }
        let stopping = state.stopping
        let credential = Authenticator.presentedSecret(in: headers) ?? ""
        return mode.response(breaking: original, path: path, redirectLocation: redirectLocation, credential: credential) { milliseconds in
            await Self.sleep(milliseconds: milliseconds, unless: stopping)
            return !stopping.isSet
        }
    }

    /// Waits without holding the state, in slices, so a server that is stopping (or cancelled)
    /// stops waiting and finishes the request.
    static func sleep(milliseconds: Int, unless stopping: StopFlag) async {
        let end = ContinuousClock.now + .milliseconds(milliseconds)
        while !stopping.isSet, !Task.isCancelled {
            let left = end - ContinuousClock.now
            guard left > .zero else { return }
            try? await Task.sleep(for: min(left, .milliseconds(20)))
        }
    }
}
