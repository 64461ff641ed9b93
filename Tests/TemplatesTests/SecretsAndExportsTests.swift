import Foundation
import PrivateLinkModel
import Testing
@testable import Templates

/// `NoEcho` parameters never reach a desired value; `Fn::ImportValue` resolves from the exports read with the stacks.
@Suite struct SecretsAndExportsTests {
    static let secret = "hunter2-default"
    static let template = """
        Parameters:
          DbPassword:
            Type: String
            NoEcho: true
            Default: \(secret)
          Token:
            Type: CommaDelimitedList
            NoEcho: "true"
            Default: "tok-a-default,tok-b-default"
        Conditions:
          IsDefault: !Equals [!Ref DbPassword, \(secret)]
        Resources:
          Db:
            Type: T
            Properties:
              Password: !Ref DbPassword
              Url: !Sub "user:${DbPassword}@host"
              Joined: !Join [",", !Ref Token]
              Picked: !If [IsDefault, yes-branch, no-branch]
        Outputs:
          Out: {Value: !Ref DbPassword}
        """

    static func reason(_ name: String) -> String { "parameter \(name) is NoEcho: plinv neither compares nor prints it" }

    @Test func aNoEchoValueIsUnknownEverywhereItIsUsed() throws {
        let loaded = try Fixture.loadText(Self.template)
        #expect(loaded.value("Db", "Password")?.value == .unknown(reason: Self.reason("DbPassword")))
        #expect(
            loaded.value("Db", "Url")?.value
                == .text([.literal("user:"), .unknown(reason: Self.reason("DbPassword")), .literal("@host")]))
        #expect(loaded.value("Db", "Joined")?.value == .unknown(reason: Self.reason("Token")))
        #expect(loaded.value("Db", "Picked")?.value.unknownReason?.contains(Self.reason("DbPassword")) == true)
        #expect(loaded.parameters["DbPassword"]?.value == .unknown(reason: Self.reason("DbPassword")))
        #expect(loaded.outputs["Out"]?.value == .unknown(reason: Self.reason("DbPassword")))
    }

    @Test func theSecretAppearsNowhereWhateverItsSource() throws {
        let fromDefault = try Fixture.loadText(Self.template)
        let fromOverride = try Fixture.loadText(
            Self.template, parameters: ["DbPassword": "s3cr3t-override", "Token": "tok-override"])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plinv-noecho-\(UUID().uuidString).json")
        try #"[{"ParameterKey": "DbPassword", "ParameterValue": "s3cr3t-file"}]"#.write(
            to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let templateFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plinv-noecho-\(UUID().uuidString).yaml")
        try Self.template.write(to: templateFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: templateFile) }
        let fromFile = try TemplateLoader().load(file: templateFile, parameterFiles: [file], context: Fixture.context)
        for (loaded, secrets) in [
            (fromDefault, [Self.secret, "tok-a-default"]), (fromOverride, ["s3cr3t-override", "tok-override"]),
            (fromFile, ["s3cr3t-file"]),
        ] {
            let printed = String(describing: loaded) + String(reflecting: loaded)
            for secret in secrets { #expect(!printed.contains(secret), "\(secret) leaked") }
        }
    }

    /// A deployed stack reports a NoEcho value masked ("****"); a value that fails the declaration's checks would be
    /// printed by the error. A NoEcho value is therefore never checked, whatever it is.
    @Test(arguments: ["****", "Not-Allowed-9", "Zq"])
    func aNoEchoValueIsNeverCheckedSoNeverPrinted(value: String) throws {
        let text = Self.template.replacingOccurrences(
            of: "    NoEcho: true\n",
            with: "    NoEcho: true\n    AllowedPattern: '[a-z]+'\n    MinLength: 8\n    AllowedValues: [abcdefghij]\n")
        let loaded = try Fixture.loadText(text, parameters: ["DbPassword": value])
        #expect(loaded.parameters["DbPassword"]?.value == .unknown(reason: Self.reason("DbPassword")))
        #expect(!String(reflecting: loaded).contains(value))
    }

    static let imports = """
        Parameters:
          Network: {Type: String, Default: net}
        Resources:
          Endpoint:
            Type: AWS::EC2::VPCEndpoint
            Properties:
              VpcId: !ImportValue net-VpcId
              SubnetId: !ImportValue {"Fn::Sub": "${Network}-SubnetId"}
              Missing: !ImportValue net-Nope
              Unresolvable: !ImportValue {"Fn::Sub": "${AWS::StackId}-x"}
        """

    @Test func anImportOfAKnownExportResolvesAtTheImportsPosition() throws {
        var context = Fixture.context
        context.exports = ["net-VpcId": "vpc-0123", "net-SubnetId": "subnet-9"]
        let loaded = try Fixture.loadText(Self.imports, context: context)
        #expect(
            loaded.value("Endpoint", "VpcId")
                == Located(.known(.string("vpc-0123")), at: TemplateLocation(file: "inline.yaml", line: 7, column: 14)))
        #expect(loaded.value("Endpoint", "SubnetId")?.value == .known(.string("subnet-9")))
        let missing = try #require(loaded.value("Endpoint", "Missing")?.value.unknownReason)
        #expect(missing.contains("net-Nope"), "\(missing)")
        #expect(loaded.value("Endpoint", "Unresolvable")?.value.unknownReason != nil)
    }

    @Test func withoutExportsEveryImportStaysUnknownNamingTheExport() throws {
        let loaded = try Fixture.loadText(Self.imports)
        #expect(loaded.value("Endpoint", "VpcId")?.value.unknownReason?.contains("net-VpcId") == true)
        #expect(loaded.value("Endpoint", "SubnetId")?.value.unknownReason?.contains("net-SubnetId") == true)
    }
}
