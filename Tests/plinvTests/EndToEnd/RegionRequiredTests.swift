import Foundation
import TestSupport
import Testing

/// With no region anywhere, plinv stops with the AWS CLI's message instead of quietly reading us-east-1.
@Suite struct RegionRequiredTests {
    static let message = "You must specify a region"

    @Test func collectAndDoctorRefuseToGuessARegion() async throws {
        let directory = try TemporaryDirectory(prefix: "plinv-region")
        defer { directory.remove() }
        let environment = ProcessEnvironment.isolated([
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
            "PLINV_DB": directory.file("plinv.sqlite").path,
        ])
        let collect = try await PlinvBinary.run(
            ["collect", "--endpoint-url", "http://127.0.0.1:9"], environment: environment)
        #expect(collect.status == 1)
        #expect(collect.stderrText.contains(Self.message), "\(collect.stderrText)")
        #expect(
            !FileManager.default.fileExists(atPath: directory.file("plinv.sqlite").path) || collect.stdoutText.isEmpty)
        let doctor = try await PlinvBinary.run(["doctor"], environment: environment)
        #expect(doctor.status == 1)
        #expect(doctor.stdoutText.contains("region        ✗ \(Self.message)"), "\(doctor.stdoutText)")
        // A region from the flag is enough.
        var withRegion = environment
        withRegion["AWS_REGION"] = "eu-west-1"
        let named = try await PlinvBinary.run(["doctor"], environment: withRegion)
        #expect(!named.stdoutText.contains(Self.message))
    }
}
