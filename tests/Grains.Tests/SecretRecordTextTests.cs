namespace Grains.Tests;

/// <summary>
/// Orleans writes a message's body into some of its warnings (a response it rejected or discarded): the records that
/// carry a token, ticket, code or refresh token print without it.
/// </summary>
public sealed class SecretRecordTextTests
{
    private static readonly DateTimeOffset Expiry = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Tokens_tickets_codes_and_grants_print_without_their_secret()
    {
        var token = new AccessToken("secret-access-token", Expiry, Expiry);
        object[] records =
        [
            token,
            new AccountTicket(AccountTicketKind.JsApi, "secret-ticket", Expiry),
            new PreAuthCode("secret-pre-auth-code", Expiry),
            new AuthorizerGrant("wx0c1057e000000001", "secret-refresh-token", token, [1], null),
        ];

        foreach (var record in records)
        {
            var text = record.ToString()!;
            Assert.DoesNotContain("secret", text);
            Assert.Contains("2026-12-05T08:00:00", text);
        }
    }
}
