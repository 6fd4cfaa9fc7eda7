import AsyncHTTPClient
import Foundation
import TestSupport
import NIOHTTP1

/// A response as the tests look at it: fully read.
struct TestReply: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var bytes: [UInt8]

    /// The body as UTF-8 text.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The body parsed as JSON.
    func json() throws -> JSON { try JSON.parse(text) }

    /// The body decoded as `T`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    /// The first value of a header.
    func header(_ name: String) -> String? { headers.first(name: name) }
}
