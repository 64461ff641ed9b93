import Foundation
import Testing

@testable import AWSQuery

@Suite struct QueryErrorTests {
    @Test func readsAnEC2ErrorUnderResponse() {
        let error = QueryError.fromErrorResponse(status: 400, body: Fixture.data("ec2-error.xml"))
        #expect(
            error
                == .service(
                    code: "InvalidVpcEndpointId.NotFound", message: "The VpcEndpoint Id 'vpce-404' does not exist",
                    requestId: "ea966190-f9aa-478e-9ede-example", status: 400))
    }

    @Test func readsMotosErrorResponseWithErrors() {
        let error = QueryError.fromErrorResponse(status: 401, body: Fixture.data("moto-auth-failure.xml"))
        #expect(error.code == "AuthFailure")
        #expect(error.status == 401)
        #expect("\(error)".contains("AWS was not able to validate the provided access credentials"))
        #expect("\(error)".contains("7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"))
    }

    @Test func readsAnSTSErrorWithoutErrorsWrapper() {
        let error = QueryError.fromErrorResponse(status: 403, body: Fixture.data("sts-error.xml"))
        guard case .service(let code, let message, let requestId, let status) = error else {
            Issue.record("expected a service error, got \(error)")
            return
        }
        #expect(code == "AccessDenied")
        #expect(message.hasPrefix("User: arn:aws:iam::123456789012:user/ci is not authorized"))
        #expect(requestId == "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
        #expect(status == 403)
    }

    @Test func turnsAnHTMLPageIntoAStatusErrorWithItsTitle() {
        let error = QueryError.fromErrorResponse(status: 500, body: Fixture.data("moto-500.html"))
        #expect(error == .httpStatus(status: 500, bodyExcerpt: "500 Internal Server Error"))
        #expect("\(error)" == "HTTP 500 with a body that is not an AWS error document: 500 Internal Server Error")
    }

    @Test func anEmptyErrorBodyStillNamesTheStatus() {
        let error = QueryError.fromErrorResponse(status: 502, body: Data())
        #expect(error == .httpStatus(status: 502, bodyExcerpt: ""))
    }

    @Test func truncatedSuccessBodyIsAMalformedResponseWithPosition() throws {
        let result = QueryClient.interpret(
            HTTPResponse(status: 200, body: Fixture.data("truncated.xml")), action: "DescribeVpcEndpoints")
        guard case .failure(let error) = result, case .malformedResponse(let action, let status, let detail) = error
        else {
            Issue.record("expected a malformed response, got \(result)")
            return
        }
        #expect(action == "DescribeVpcEndpoints")
        #expect(status == 200)
        #expect(detail.contains("line "))
        #expect(detail.contains("column "))
    }

    @Test func readsASuccessPage() throws {
        let root = try XMLNode.parse(Fixture.data("describe-vpc-endpoints-page1.xml"))
        #expect(root.name == "DescribeVpcEndpointsResponse")
        let items = try #require(root.child("vpcEndpointSet")).children(named: "item")
        #expect(items.map { $0.child("vpcEndpointId")?.text } == ["vpce-0a1b2c3d4e5f60001", "vpce-0a1b2c3d4e5f60002"])
        #expect(items[0].descendant("tagSet", "item", "value")?.text == "café & co <prod>")
        #expect(items[0].child("subnetIdSet")?.children(named: "item").map(\.text) == ["subnet-0aaa", "subnet-0bbb"])
        #expect(QueryClient.nextToken(in: root, element: "nextToken") == "eyJ2IjoiMiIsImMiOiJ0b2svKz0ifQ==")
    }

    @Test func findsTheELBv2MarkerInsideTheResultWrapper() throws {
        let root = try XMLNode.parse(Fixture.data("describe-load-balancers-page.xml"))
        #expect(QueryClient.nextToken(in: root, element: "NextMarker") == "bWFya2VyLzI=")
    }
}
