import AWSQuery
import Foundation
import Testing

/// Which requests go through a proxy, as curl and the AWS SDKs decide it from the environment.
@Suite struct ProxySettingsTests {
    let settings = ProxySettings(environment: [
        "HTTPS_PROXY": "http://user:secret@proxy.corp:3128",
        "http_proxy": "plain.corp",
        "NO_PROXY": "internal.corp, .amazonaws.com.cn,exact.example:443",
    ])

    @Test func httpsAndHTTPPickTheirOwnProxy() throws {
        let https = try #require(settings.server(for: URL(string: "https://ec2.eu-west-1.amazonaws.com/")!))
        #expect(https.host == "proxy.corp" && https.port == 3128 && https.credentials == "user:secret")
        let http = try #require(settings.server(for: URL(string: "http://example.org/")!))
        #expect(http.host == "plain.corp" && http.port == 1080)
    }

    @Test(arguments: [
        "https://internal.corp/", "https://api.internal.corp/", "https://ec2.cn-north-1.amazonaws.com.cn/",
        "https://exact.example/", "http://127.0.0.1:5000/", "http://localhost:8080/", "http://169.254.169.254/",
        "http://[::1]:80/",
    ])
    func noProxyAndLocalHostsGoDirect(url: String) {
        #expect(settings.server(for: URL(string: url)!) == nil)
    }

    @Test func noProxyStarAndAnEmptyEnvironmentMeanDirect() {
        let star = ProxySettings(environment: ["HTTPS_PROXY": "proxy:1", "NO_PROXY": "*"])
        #expect(star.server(for: URL(string: "https://sts.amazonaws.com/")!) == nil)
        #expect(ProxySettings(environment: [:]).server(for: URL(string: "https://sts.amazonaws.com/")!) == nil)
    }

    @Test func aSuffixMustMatchAWholeLabel() {
        #expect(settings.server(for: URL(string: "https://notinternal.corp/")!) != nil)
    }
}
