import Foundation

/// The proxy a request goes through, from the environment as curl and the AWS SDKs read it:
/// `HTTPS_PROXY`/`https_proxy` for https URLs, `HTTP_PROXY`/`http_proxy` for http URLs, and `NO_PROXY`/`no_proxy`
/// (comma-separated hosts or domain suffixes, `*` for all) to bypass it. Loopback and link-local hosts (a local
/// peer, instance metadata) never go through a proxy.
public struct ProxySettings: Sendable, Hashable {
    /// One proxy server.
    public struct Server: Sendable, Hashable {
        public var host: String
        public var port: Int
        /// `user:password` from the proxy URL, when it has one (never logged).
        public var credentials: String?
    }

    public var https: Server?
    public var http: Server?
    public var noProxy: [String]

    /// Reads the settings from an environment dictionary.
    public init(environment: [String: String]) {
        func value(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        https = value("HTTPS_PROXY", "https_proxy").flatMap(Self.server)
        http = value("HTTP_PROXY", "http_proxy").flatMap(Self.server)
        noProxy = (value("NO_PROXY", "no_proxy") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    /// The settings of this process's environment.
    public static var current: ProxySettings { ProxySettings(environment: ProcessInfo.processInfo.environment) }

    /// The proxy for `url`, or nil to connect directly.
    public func server(for url: URL) -> Server? {
        guard https != nil || http != nil else { return nil }
        guard let host = url.host?.lowercased(), !bypasses(host) else { return nil }
        return url.scheme?.lowercased() == "https" ? https : http
    }

    /// Whether `host` is reached directly.
    func bypasses(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare == "localhost" || bare.hasPrefix("127.") || bare == "::1" || bare.hasPrefix("169.254.")
            || bare.hasPrefix("fe80:") || bare == "fd00:ec2::254"
        {
            return true
        }
        return noProxy.contains { entry in
            let pattern = entry.split(separator: ":").first.map(String.init) ?? entry
            if pattern == "*" { return true }
            let suffix = pattern.hasPrefix(".") ? String(pattern.dropFirst()) : pattern
            return bare == suffix || bare.hasSuffix("." + suffix)
        }
    }

    /// A proxy URL such as `http://user:secret@proxy.example:3128` (scheme optional, port default 1080 as curl).
    static func server(_ text: String) -> Server? {
        let withScheme = text.contains("://") ? text : "http://" + text
        guard let url = URL(string: withScheme), let host = url.host, !host.isEmpty else { return nil }
        let credentials = url.user.map { user in url.password.map { "\(user):\($0)" } ?? user }
        return Server(host: host, port: url.port ?? 1080, credentials: credentials)
    }
}
