import Foundation
import Synchronization

/// What a client's signatures share from call to call: the URL's canonical parts and the derived signing key of
/// the current day, region, service and secret (four HMACs that would otherwise be repeated on every call).
/// Shared by a pipeline's copies; a changed URL, day or secret replaces the entry.
final class SigningCache: Sendable {
    /// One derived key and what it was derived from.
    private struct Key: Sendable {
        var secret: String
        var day: String
        var region: String
        var service: String
        var bytes: [UInt8]
    }

    private let target = Mutex<SigV4Signer.Target?>(nil)
    private let key = Mutex<Key?>(nil)

    /// The signature target of `url`, computed on first use.
    func target(for url: URL) -> SigV4Signer.Target {
        if let cached = target.withLock({ $0 }), cached.url == url { return cached }
        let computed = SigV4Signer.Target(url)
        target.withLock { $0 = computed }
        return computed
    }

    /// The signing key of `signer`'s region and service for `secret` on `day`, derived on first use.
    func signingKey(_ signer: SigV4Signer, secret: String, day: String) -> [UInt8] {
        if let cached = key.withLock({ $0 }), cached.day == day, cached.secret == secret,
            cached.region == signer.region, cached.service == signer.signingName
        {
            return cached.bytes
        }
        let bytes = signer.signingKey(secret: secret, day: day)
        key.withLock {
            $0 = Key(secret: secret, day: day, region: signer.region, service: signer.signingName, bytes: bytes)
        }
        return bytes
    }
}
