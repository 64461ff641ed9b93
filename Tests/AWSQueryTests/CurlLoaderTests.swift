import CCurl
import Testing

/// libcurl is loaded when the first request is made: the system's must have every function plinv calls, and a
/// library that cannot be used is named with why.
@Suite struct CurlLoaderTests {
    /// What `plinv_curl_probe` answers for `name`: nil when the library can be used, else why not.
    static func probe(_ name: String) -> String? {
        var reason = [CChar](repeating: 0, count: 512)
        guard plinv_curl_probe(name, &reason, reason.count) != 0 else { return nil }
        return reason.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    @Test func theSystemLibcurlHasEveryFunctionPlinvCalls() {
        var reason = [CChar](repeating: 0, count: 512)
        #expect(plinv_curl_load(&reason, reason.count) == 0)
        #expect(Self.probe(PLINV_LIBCURL) == nil)
    }

    @Test func aLibraryThatIsNotThereIsNamedWithWhatToInstall() throws {
        let reason = try #require(Self.probe("libplinv-no-such-library.so.1"))
        #expect(reason.hasPrefix("libplinv-no-such-library.so.1 could not be loaded ("), "\(reason)")
        #expect(reason.hasSuffix("install libcurl (Debian and Ubuntu: libcurl4)"), "\(reason)")
    }

    @Test func aLibraryWithoutLibcurlsFunctionsIsRefused() throws {
        let reason = try #require(Self.probe("libm.so.6"))
        #expect(reason == "libm.so.6 has no curl_global_init: it is not a libcurl plinv can use")
    }
}
