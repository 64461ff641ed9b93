import Foundation

/// Reads the JSON credential documents that credential processes, containers and instance metadata print.
enum CredentialsJSON {
    /// Parses an ISO-8601 timestamp with or without fractional seconds (`2026-11-27T00:00:00Z`).
    static func date(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle()) { return date }
        return try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Decodes `data` as a JSON object; the reason on failure never quotes the data.
    static func object(_ data: Data) throws(ReadError) -> [String: Any] {
        guard let value = try? JSONSerialization.jsonObject(with: data), let object = value as? [String: Any] else {
            throw ReadError(reason: "the output is not a JSON object (\(data.count) bytes)")
        }
        return object
    }

    /// Credentials from `object` under the given key names; `Expiration` is optional unless `requireExpiration`.
    static func credentials(
        _ object: [String: Any], tokenKey: String, requireToken: Bool, requireExpiration: Bool
    ) throws(ReadError) -> Credentials {
        func string(_ key: String, required: Bool) throws(ReadError) -> String? {
            switch object[key] {
            case let text as String where !text.isEmpty: return text
            case nil where !required: return nil
            case nil, is String: throw ReadError(reason: "\(key) is missing or empty")
            default: throw ReadError(reason: "\(key) is not a string")
            }
        }
        guard let accessKeyId = try string("AccessKeyId", required: true),
            let secret = try string("SecretAccessKey", required: true)
        else { throw ReadError(reason: "AccessKeyId is missing") }
        let token = try string(tokenKey, required: requireToken)
        var expiration: Date?
        if let text = try string("Expiration", required: requireExpiration) {
            guard let date = date(text) else {
                throw ReadError(reason: "Expiration '\(text)' is not an ISO-8601 timestamp")
            }
            expiration = date
        }
        return Credentials(
            accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }

    /// Why a document was rejected; never quotes a secret.
    struct ReadError: Error {
        var reason: String
    }
}
