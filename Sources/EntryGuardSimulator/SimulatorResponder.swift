import Foundation
import HTTPTypes
import Hummingbird

/// Answers every request: arrival → scripted fault → latency → credentials (not for the public auth
/// endpoints) → rate limit → error rate → endpoint, and records each request in the log whatever its
/// outcome.
struct SimulatorResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let state: SimulatorState
    let authenticator: Authenticator
    let latencyMilliseconds: Int
    let redirectLocation: String
    let apiKeyRefusalStatus: Int
    /// The event loops that run the simulator's connections and tasks, and their timers.
    let loop: LoopExecutor

    /// Creates the responder for a configuration and its state.
    init(configuration: SimulatorConfiguration, state: SimulatorState, loop: LoopExecutor) {
        self.state = state
        self.loop = loop
        authenticator = Authenticator(configuration)
        latencyMilliseconds = configuration.latencyMilliseconds
        redirectLocation = configuration.redirectLocation
        apiKeyRefusalStatus = configuration.apiKeyRefusalStatus
    }

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let arrival = ContinuousClock.now
        let time = Timestamp.rfc3339(Date(), milliseconds: true)
        let method = request.method.rawValue
        let path = request.uri.path
        // The credential is read from the headers once: the log records its kind, the answer its holder.
        let presented = authenticator.presented(in: request.headers)
        let (inFlight, fault) = await state.arrive(method: method, path: path)
        let (response, note) = await answer(request, method: method, path: path, presented: presented, fault: fault)
        let end = ContinuousClock.now
        await state.finish(RequestLogEntry(
            time: time,
            method: method,
            path: path,
            status: response.status.code,
            durationMs: SimulatorState.milliseconds(end - arrival),
            inFlight: inFlight,
            credential: presented.kind,
            startMs: SimulatorState.milliseconds(arrival - state.started),
            endMs: SimulatorState.milliseconds(end - state.started),
            auth: note
        ))
        return response
    }

    private func answer(_ request: Request, method: String, path: String, presented: Authenticator.Presented,
                        fault: Fault?) async
        -> (Response, AuthNote?)
    {
        switch fault {
        case .status(let status, let message, let retryAfter):
            let error = APIError(status: status, message: message ?? APIError.defaultMessage(status: status),
                                 retryAfter: retryAfter)
            return (error.response(path: path, now: Date()), nil)
        case .body(let status, let contentType, let bytes):
            var fields = HTTPFields()
            fields[.contentType] = contentType
            return (Response(status: .init(code: status, reasonPhrase: APIError.reasonPhrase(status)), headers: fields,
                             body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))), nil)
        case .hostile(let mode):
            return (await hostile(mode, method: method, path: path, headers: request.headers), nil)
        case .delay(let milliseconds):
            await Self.sleep(milliseconds: milliseconds, unless: state.stopping, on: loop)
        case nil:
            break
        }
        await Self.sleep(milliseconds: latencyMilliseconds + state.drawJitterMilliseconds(), unless: state.stopping, on: loop)

        let route = Route(method: method, path: path)
        let area = route?.area ?? .unknown
        var note: AuthNote?
        var holder: SimUser?
        if area != .public {
            let found = await state.caller(for: presented, now: .now)
            note = found.note
            holder = found.user
            if let refusal = found.caller.refusal(on: area, apiKeyRefusalStatus: apiKeyRefusalStatus) {
                return (refusal.response(path: path, now: Date()), note)
            }
        }
        if case .refuse(let retryAfter) = await state.admit(at: .now) {
            return (APIError.rateLimited(retryAfterSeconds: retryAfter).response(path: path, now: Date()), note)
        }
        if await state.drawError() {
            return (APIError.internalError.response(path: path, now: Date()), note)
        }
        guard let route else {
            return (APIError.noEndpoint(method: method, path: path).response(path: path, now: Date()), note)
        }
        if let invalid = route.pathIDs.first(where: { !Route.isUUID($0) }) {
            return (APIError.invalidUUID(invalid).response(path: path, now: Date()), note)
        }
        switch route {
        case .login, .verifyMFA, .refresh, .logout:
            let answer = await authAnswer(route, body: request.body)
            return (Self.response(answer.result, path: path), answer.note)
        case .me:
            let profile = state.profile
            return (Self.response(.success(holder?.profileJSON(profile, me: true) ?? .null), path: path), note)
        default:
            break
        }
        let now = Date()
        switch await state.body(of: route, timestamp: Timestamp.rfc3339(now)) {
        case .failure(let error):
            return (error.response(path: path, now: now), note)
        case .success(nil):
            return (Response(status: .noContent), note)
        case .success(let body?):
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            return (Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: body)), note)
        }
    }

    /// Reads an auth endpoint's JSON body and runs the endpoint.
    private func authAnswer(_ route: Route, body: RequestBody) async -> SimulatorState.AuthAnswer {
        let malformed = SimulatorState.AuthAnswer(.failure(.malformedBody), AuthNote(), outcome: "malformed-body")
        guard let buffer = try? await body.collect(upTo: 64 * 1024) else { return malformed }
        switch route {
        case .login:
            guard let request = AuthRequest.decode(AuthRequest.Login.self, from: buffer) else { return malformed }
            return await state.login(request, now: .now, date: Date())
        case .verifyMFA:
            guard let request = AuthRequest.decode(AuthRequest.VerifyMFA.self, from: buffer) else { return malformed }
            return await state.verifyMFA(request, now: .now, date: Date())
        case .refresh:
            guard let request = AuthRequest.decode(AuthRequest.RefreshToken.self, from: buffer) else { return malformed }
            return await state.refresh(request, now: .now)
        default:
            guard let request = AuthRequest.decode(AuthRequest.RefreshToken.self, from: buffer) else { return malformed }
            return await state.logout(request)
        }
    }

    /// A 200 with a JSON body, or an error answer.
    private static func response(_ result: Result<JSONValue, APIError>, path: String) -> Response {
        switch result {
        case .failure(let error):
            return error.response(path: path, now: Date())
        case .success(let body):
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body.text())))
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
        let loop = loop
        let credential = Authenticator.presentedSecret(in: headers) ?? ""
        return mode.response(breaking: original, path: path, redirectLocation: redirectLocation, credential: credential) { milliseconds in
            await Self.sleep(milliseconds: milliseconds, unless: stopping, on: loop)
            return !stopping.isSet
        }
    }

    /// Waits without holding the state, in slices, so a server that is stopping (or cancelled)
    /// stops waiting and finishes the request.
    static func sleep(milliseconds: Int, unless stopping: StopFlag, on loop: LoopExecutor) async {
        let end = ContinuousClock.now + .milliseconds(milliseconds)
        while !stopping.isSet, !Task.isCancelled {
            let left = end - ContinuousClock.now
            guard left > .zero else { return }
            // The loop's own timer: the request resumes on the thread that writes its answer.
            await loop.sleep(for: min(left, .milliseconds(20)))
        }
    }
}
