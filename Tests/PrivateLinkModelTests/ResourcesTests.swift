import Foundation
import PrivateLinkModel
import Testing

@Suite struct ResourcesTests {
    let scope = Scope(account: "111111111111", region: "eu-west-1")

    @Test func typedFieldsReadTheRawRecord() throws {
        let raw = try JSONValue.parse(
            Data(
                """
                {"VpcEndpointId":"vpce-1","VpcEndpointType":"Interface","ServiceName":"com.amazonaws.eu-west-1.ec2",
                 "SubnetIds":["subnet-b","subnet-a"],"Groups":[{"GroupId":"sg-1","GroupName":"ep"}],
                 "PrivateDnsEnabled":true,"Tags":[{"Key":"b","Value":"2"},{"Key":"a","Value":"1"}]}
                """.utf8))
        let endpoint = VPCEndpoint(scope: scope, raw: raw)
        #expect(endpoint.vpcEndpointId == "vpce-1")
        #expect(endpoint.subnetIds == ["subnet-b", "subnet-a"])
        #expect(endpoint.securityGroupIds == ["sg-1"])
        #expect(endpoint.privateDnsEnabled == true)
        #expect(endpoint.tags.map(\.key) == ["a", "b"])
    }

    @Test func contractJSONRoundTripsThroughCodable() throws {
        let raw: JSONValue = .object(["ServiceId": .string("vpce-svc-1"), "AcceptanceRequired": .bool(true)])
        let service = EndpointService(scope: scope, raw: raw)
        let data = try JSONEncoder().encode(service)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"Account\":\"111111111111\""))
        let back = try JSONDecoder().decode(EndpointService.self, from: data)
        #expect(back == service)
        #expect(back.acceptanceRequired == true)
    }

    @Test func canonicalDataIsIndependentOfKeyOrder() throws {
        let a = try JSONValue.parse(Data(#"{"b":1,"a":[true,null,"x"]}"#.utf8))
        let b = try JSONValue.parse(Data(#"{"a":[true,null,"x"],"b":1}"#.utf8))
        #expect(a.canonicalData() == b.canonicalData())
        #expect(String(decoding: a.canonicalData(), as: UTF8.self) == #"{"a":[true,null,"x"],"b":1}"#)
    }

    @Test func ruleThatAdmitsTheInternetIsRecognised() throws {
        let open = SecurityGroupRule(
            try JSONValue.parse(
                Data(#"{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}"#.utf8)))
        let closed = SecurityGroupRule(
            try JSONValue.parse(Data(#"{"IpProtocol":"tcp","IpRanges":[{"CidrIp":"10.0.0.0/16"}]}"#.utf8)))
        #expect(open.admitsAnyAddress)
        #expect(open.fromPort == 443)
        #expect(!closed.admitsAnyAddress)
    }

    @Test func timestampsParseWithAndWithoutFractions() {
        let second = Date(timeIntervalSince1970: 1_795_734_775)  // 2026-11-26T23:12:55Z
        #expect(AWSTimestamp.parse("2026-11-26T23:12:55.000Z") == second)
        #expect(AWSTimestamp.parse("2026-11-26T23:12:55Z") == second)
        #expect(AWSTimestamp.parse("2026-11-26T23:12:55.250Z") == second.addingTimeInterval(0.25))
        #expect(AWSTimestamp.parse("2026-11-27T00:12:55+01:00") == second)
        for text in ["yesterday", "2026-11-26 23:12:55Z", "2026-11-26T23:12Z", ""] {
            #expect(AWSTimestamp.parse(text) == nil, "\(text)")
        }
    }

    @Test func timestampsFormatInUTCToTheSecond() {
        let second = Date(timeIntervalSince1970: 1_795_734_775)
        #expect(AWSTimestamp.format(second) == "2026-11-26T23:12:55Z")
        #expect(AWSTimestamp.format(second.addingTimeInterval(0.999)) == "2026-11-26T23:12:55Z")
        #expect(AWSTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(AWSTimestamp.parse(AWSTimestamp.format(second)) == second)
    }
}

@Suite struct CanonicalJSONTests {
    /// The direct writer must produce what Foundation's sorted-keys encoder produces (for all but whole doubles).
    @Test func matchesFoundationsSortedKeysEncoder() throws {
        let value: JSONValue = .object([
            "a10": .integer(1), "a9": .integer(-2), "B": .bool(true), "_x": .null, "é": .string("ü😀"),
            "s": .string("q\"\\/\n\r\t\u{8}\u{c}\u{1}\u{7f}\u{2028}"),
            "n": .array([.double(0.25), .double(1e300), .double(-1.5e-7)]),
            "o": .object(["z": .array([]), "y": .object([:])]),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(value.canonicalData() == (try encoder.encode(value)))
    }

    @Test func roundTripsThroughTheReader() throws {
        let value: JSONValue = .array([.double(1.0), .integer(1), .string("\u{0}x"), .double(.infinity)])
        let text = String(decoding: value.canonicalData(), as: UTF8.self)
        #expect(text == #"[1.0,1,"\u0000x",null]"#)
        #expect(try JSONValue.parse(text) == .array([.double(1.0), .integer(1), .string("\u{0}x"), .null]))
    }
}
