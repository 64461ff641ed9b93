import Foundation
import Logging

/// Role credentials of an IAM Identity Center (SSO) profile, as botocore's `SSOProvider`:
///
/// 1. the access token from the AWS CLI's cache (`SSOTokenCache`), keyed by the `sso_session` name or, for a
///    legacy profile, by its `sso_start_url`;
/// 2. for an `sso_session` profile whose token expires within 15 minutes and can be refreshed, a new token from
///    SSO OIDC `CreateToken` (`grantType` `refresh_token`), written back to the cache; a failed refresh keeps a
///    token that has not expired yet;
/// 3. the role's credentials from the portal's `GetRoleCredentials`
///    (`GET /federation/credentials?role_name=…&account_id=…`, header `x-amz-sso_bearer_token`).
///
/// A missing, expired and unrefreshable, or refused token is `CredentialError.ssoLoginRequired`, whose message
/// tells the user to run `aws sso login --profile P`. Tokens and credentials never appear in logs or errors.
public struct SSOCredentialProvider: CredentialProvider {
    /// The profile, for messages.
    public var profile: String
    /// The `sso_session` name; nil for a legacy profile (which the AWS CLI never refreshes).
    public var sessionName: String?
    /// `sso_start_url`.
    public var startURL: String
    /// `sso_account_id`.
    public var accountId: String
    /// `sso_role_name`.
    public var roleName: String
    /// The portal's base URL (`https://portal.sso.<sso_region>.amazonaws.com`, or `AWS_ENDPOINT_URL_SSO`).
    public var portalEndpoint: URL
    /// SSO OIDC's base URL (`https://oidc.<sso_region>.amazonaws.com`, or `AWS_ENDPOINT_URL_SSO_OIDC`).
    public var oidcEndpoint: URL
    /// Where the AWS CLI keeps tokens.
    public var cache: SSOTokenCache
    /// How portal and OIDC requests are sent.
    public var transport: any HTTPTransport
    /// How failed portal and OIDC requests are retried.
    public var retry: RetryPolicy
    /// The clock.
    public var now: @Sendable () -> Date

    /// A token expiring within this many seconds is refreshed first (botocore: 15 minutes).
    public static let refreshWindow: TimeInterval = 15 * 60

    public init(
        profile: String, sessionName: String?, startURL: String, accountId: String, roleName: String,
        portalEndpoint: URL, oidcEndpoint: URL, cache: SSOTokenCache, transport: any HTTPTransport,
        retry: RetryPolicy = .standard, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.profile = profile
        self.sessionName = sessionName
        self.startURL = startURL
        self.accountId = accountId
        self.roleName = roleName
        self.portalEndpoint = portalEndpoint
        self.oidcEndpoint = oidcEndpoint
        self.cache = cache
        self.transport = transport
        self.retry = retry
        self.now = now
    }

    public var sourceDescription: String { "SSO role \(roleName) in account \(accountId), profile \(profile)" }

    public func credentials(logger: Logger) async throws -> Credentials {
        let token = try await accessToken(logger: logger)
        var components = URLComponents(url: portalEndpoint, resolvingAgainstBaseURL: false)
        let base =
            components?.path.hasSuffix("/") == true ? String(components?.path.dropLast() ?? "") : components?.path ?? ""
        components?.path = base + "/federation/credentials"
        components?.queryItems = [
            .init(name: "role_name", value: roleName), .init(name: "account_id", value: accountId),
        ]
        guard let url = components?.url else {
            throw CredentialError.invalidSetting(
                name: "SSO portal endpoint", value: portalEndpoint.absoluteString, expected: "an http(s) URL")
        }
        logger.debug(
            "getting SSO role credentials",
            metadata: ["aws-sso-account": "\(accountId)", "aws-sso-role": "\(roleName)"])
        let response = try await send(
            HTTPRequest(method: "GET", url: url, headers: [("x-amz-sso_bearer_token", token.accessToken)], body: []),
            source: "IAM Identity Center portal")
        if response.status == 401 || response.status == 403 {
            throw CredentialError.ssoLoginRequired(
                profile: profile,
                reason: "the IAM Identity Center portal refused the cached token "
                    + "(HTTP \(response.status) \(Self.errorType(response.body) ?? ""))")
        }
        guard response.status == 200 else {
            throw CredentialError.metadataRequestFailed(
                source: "IAM Identity Center portal", url: MetadataHTTPClient.display(url),
                reason: "HTTP status \(response.status) \(Self.errorType(response.body) ?? "")")
        }
        guard let value = try? JSONSerialization.jsonObject(with: response.body),
            let role = (value as? [String: Any])?["roleCredentials"] as? [String: Any],
            let accessKeyId = role["accessKeyId"] as? String, let secret = role["secretAccessKey"] as? String,
            let sessionToken = role["sessionToken"] as? String, let expiration = role["expiration"] as? NSNumber
        else {
            throw CredentialError.metadataResponseInvalid(
                source: "IAM Identity Center portal",
                reason: "no roleCredentials with accessKeyId, secretAccessKey, sessionToken and expiration")
        }
        return Credentials(
            accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: sessionToken,
            expiration: Date(timeIntervalSince1970: expiration.doubleValue / 1000))
    }

    /// The cached token, refreshed first when it is about to expire and can be.
    func accessToken(logger: Logger) async throws -> SSOToken {
        let key = sessionName ?? startURL
        guard let token = try cache.load(key: key, profile: profile) else {
            throw CredentialError.ssoLoginRequired(
                profile: profile,
                reason: "there is no cached SSO token for \(sessionName.map { "sso_session \($0)" } ?? startURL)")
        }
        let current = now()
        if sessionName != nil, token.expiresAt.timeIntervalSince(current) < Self.refreshWindow,
            token.isRefreshable(at: current)
        {
            do {
                let refreshed = try await refresh(token, logger: logger)
                do {
                    try cache.save(refreshed, key: key)
                } catch {
                    logger.warning(
                        "could not write the refreshed SSO token to the cache", metadata: ["error": "\(error)"])
                }
                return refreshed
            } catch {
                logger.debug("SSO token refresh failed", metadata: ["error": "\(error)"])
                if token.expiresAt > current { return token }
                throw CredentialError.ssoLoginRequired(
                    profile: profile, reason: "the SSO token expired and could not be refreshed (\(error))")
            }
        }
        guard token.expiresAt > current else {
            throw CredentialError.ssoLoginRequired(
                profile: profile,
                reason: "the SSO token expired at \(SSOTokenCache.format(token.expiresAt))"
                    + (sessionName == nil
                        ? " (a legacy sso_start_url profile cannot be refreshed)" : " and cannot be refreshed"))
        }
        return token
    }

    /// SSO OIDC `CreateToken` with the refresh-token grant.
    private func refresh(_ token: SSOToken, logger: Logger) async throws -> SSOToken {
        let body: [String: String] = [
            "grantType": "refresh_token", "clientId": token.clientId ?? "", "clientSecret": token.clientSecret ?? "",
            "refreshToken": token.refreshToken ?? "",
        ]
        let url = oidcEndpoint.appendingPathComponent("token")
        logger.debug("refreshing the SSO token", metadata: ["aws-sso-session": "\(sessionName ?? "")"])
        let response = try await send(
            HTTPRequest(
                method: "POST", url: url, headers: [("Content-Type", "application/json")],
                body: Array(try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))),
            source: "IAM Identity Center OIDC")
        guard response.status == 200 else {
            throw CredentialError.metadataRequestFailed(
                source: "IAM Identity Center OIDC", url: MetadataHTTPClient.display(url),
                reason: "CreateToken answered HTTP \(response.status) \(Self.errorType(response.body) ?? "")")
        }
        guard let value = try? JSONSerialization.jsonObject(with: response.body), let object = value as? [String: Any],
            let accessToken = object["accessToken"] as? String, !accessToken.isEmpty,
            let expiresIn = object["expiresIn"] as? NSNumber
        else {
            throw CredentialError.metadataResponseInvalid(
                source: "IAM Identity Center OIDC", reason: "CreateToken gave no accessToken and expiresIn")
        }
        var refreshed = token
        refreshed.accessToken = accessToken
        refreshed.expiresAt = now().addingTimeInterval(expiresIn.doubleValue)
        if let newRefresh = object["refreshToken"] as? String, !newRefresh.isEmpty {
            refreshed.refreshToken = newRefresh
        }
        return refreshed
    }

    /// Sends `request`, retrying network failures, throttling and 5xx answers per `retry`.
    private func send(_ request: HTTPRequest, source: String) async throws -> HTTPResponse {
        var retries = 0
        while true {
            let error: QueryError
            do {
                let response = try await transport.send(request)
                let retryable = response.status == 429 || (500...599).contains(response.status)
                guard retryable, retries + 1 < retry.maxAttempts else { return response }
                error = .httpStatus(status: response.status, bodyExcerpt: "")
            } catch let failure as QueryError {
                guard case .network = failure, retries + 1 < retry.maxAttempts else {
                    throw CredentialError.metadataRequestFailed(
                        source: source, url: MetadataHTTPClient.display(request.url), reason: "\(failure)")
                }
                error = failure
            }
            try await retry.sleep(retry.backoff(retry: retries, retryClass: RetryPolicy.classify(error)))
            retries += 1
        }
    }

    /// The `__type` or `error` of a JSON error body (`UnauthorizedException`, `invalid_grant`), never its message.
    static func errorType(_ body: Data) -> String? {
        guard let value = try? JSONSerialization.jsonObject(with: body), let object = value as? [String: Any] else {
            return nil
        }
        let type = (object["__type"] as? String) ?? (object["error"] as? String)
        return type.map { $0.split(separator: "#").last.map(String.init) ?? $0 }
    }
}
