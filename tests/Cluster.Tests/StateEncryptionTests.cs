using System.Security.Cryptography;
using System.Text;
using Cluster.Tests.Support;
using Grains.Authorizer;
using Grains.Component;
using Grains.Storage;
using Microsoft.Extensions.Options;

namespace Cluster.Tests;

public sealed class StateEncryptionTests
{
    private static readonly StoredRow Row = new("authorizer", "wxc0de0000000001/wxacc00000000001");
    private static readonly StoredRow OtherRow = new("authorizer", "wxc0de0000000001/wxacc00000000002");

    private static readonly StateEncryptionKey Old = new() { Id = "2025", Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
    private static readonly StateEncryptionKey Current = new() { Id = "2026", Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };

    [Fact]
    public void Stored_state_holds_no_ticket_token_or_refresh_token_in_clear_and_reads_back_whole()
    {
        var serializer = Serializer(Current);
        var state = new AuthorizerState
        {
            Known = true,
            Status = AuthorizerStatus.Authorized,
            RefreshToken = "refreshtoken@@@secret-refresh",
            AccessToken = "secret-access-token",
            AccessTokenExpiresAt = DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            PermissionSets = [1, 2, 3],
        };

        var stored = serializer.Serialize(state, Row).ToString();
        var back = serializer.Deserialize<AuthorizerState>(BinaryData.FromString(stored), Row);

        Assert.DoesNotContain("secret", stored, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"authorized\"", stored, StringComparison.Ordinal);
        Assert.Equal(state.RefreshToken, back.RefreshToken);
        Assert.Equal(state.AccessToken, back.AccessToken);
        Assert.Equal(state.AccessTokenExpiresAt, back.AccessTokenExpiresAt);
        Assert.Equal([1, 2, 3], back.PermissionSets);
    }

    [Fact]
    public void After_a_key_rotation_old_state_still_reads_and_new_writes_use_the_new_key()
    {
        var written = Serializer(Old).Serialize(new ComponentState { Ticket = "ticket@@@old" }, Row).ToString();
        var rotated = Serializer(Current, Old);

        Assert.Equal("ticket@@@old", rotated.Deserialize<ComponentState>(BinaryData.FromString(written), Row).Ticket);
        Assert.Contains("v2:2026:", rotated.Serialize(new ComponentState { Ticket = "ticket@@@new" }, Row).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void State_encrypted_with_a_key_no_longer_configured_fails_with_a_message_naming_the_key()
    {
        var written = Serializer(Old).Serialize(new ComponentState { Ticket = "ticket@@@old" }, Row);

        var error = Assert.Throws<StoredSecretException>(() => Serializer(Current).Deserialize<ComponentState>(written, Row));
        Assert.Contains("'2025'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_moved_into_another_field_or_altered_does_not_decrypt()
    {
        var serializer = Serializer(Current);
        var stored = serializer.Serialize(new AuthorizerState { RefreshToken = "refresh", AccessToken = "access" }, Row).ToString();
        var refresh = System.Text.Json.Nodes.JsonNode.Parse(stored)!["refreshToken"]!.GetValue<string>();
        var swapped = stored.Replace(System.Text.Json.Nodes.JsonNode.Parse(stored)!["accessToken"]!.GetValue<string>(), refresh, StringComparison.Ordinal);

        Assert.Throws<StoredSecretException>(() => serializer.Deserialize<AuthorizerState>(BinaryData.FromString(swapped), Row));
        var bytes = Encoding.UTF8.GetBytes(stored);
        var flipAt = stored.IndexOf(refresh, StringComparison.Ordinal) + refresh.Length - 6;
        bytes[flipAt] = (byte)(bytes[flipAt] == 'A' ? 'B' : 'A');
        Assert.Throws<StoredSecretException>(() => serializer.Deserialize<AuthorizerState>(new BinaryData(bytes), Row));
    }

    [Fact]
    public void A_secret_copied_into_another_grains_row_does_not_decrypt_there_and_the_error_names_the_row()
    {
        var serializer = Serializer(Current);
        var stored = serializer.Serialize(new AuthorizerState { Known = true, RefreshToken = "refresh-of-account-1" }, Row);

        var error = Assert.Throws<StoredSecretException>(() => serializer.Deserialize<AuthorizerState>(stored, OtherRow));

        Assert.Equal("refresh-of-account-1", serializer.Deserialize<AuthorizerState>(stored, Row).RefreshToken);
        Assert.Contains($"refreshToken of {OtherRow}", error.Message, StringComparison.Ordinal);
        Assert.Contains("copied from another field or row", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh-of-account-1", error.ToString(), StringComparison.Ordinal);
        Assert.Throws<StoredSecretException>(() => serializer.Deserialize<AuthorizerState>(stored, Row with { StateName = "outbox" }));
    }

    [Fact]
    public void A_secret_written_before_rows_were_bound_still_reads_in_any_row_and_is_written_back_bound()
    {
        var serializer = Serializer(Current);
        var written = $$"""{"known":true,"refreshToken":"{{V1Secret.Protect(Current, "refreshToken", "refresh-from-v1")}}"}""";

        var read = serializer.Deserialize<AuthorizerState>(BinaryData.FromString(written), Row);
        var rewritten = serializer.Serialize(read, Row).ToString();

        Assert.Equal("refresh-from-v1", read.RefreshToken);
        Assert.Contains("\"refreshToken\":\"v2:2026:", rewritten, StringComparison.Ordinal);
        Assert.Throws<StoredSecretException>(() => serializer.Deserialize<AuthorizerState>(BinaryData.FromString(rewritten), OtherRow));
    }

    [Fact]
    public void A_secret_is_never_serialized_without_the_row_it_belongs_to()
    {
        var serializer = Serializer(Current);

        Assert.Throws<InvalidOperationException>(() => serializer.Serialize(new AuthorizerState { RefreshToken = "refresh" }));
    }

    [Theory]
    [InlineData("", "short", "Storage:EncryptionKeys:0:Id")]
    [InlineData("a:b", "short", "Storage:EncryptionKeys:0:Id")]
    [InlineData("k1", "bm90IDMyIGJ5dGVz", "Storage:EncryptionKeys:0:Key")]
    public void Invalid_keys_are_refused_at_start_naming_the_setting(string id, string key, string named)
    {
        var result = new StateEncryptionOptionsValidator().Validate(null, new StateEncryptionOptions { EncryptionKeys = [new() { Id = id, Key = key }] });

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void No_key_at_all_is_refused_with_what_to_set()
    {
        var result = new StateEncryptionOptionsValidator().Validate(null, new StateEncryptionOptions());

        Assert.Contains("Storage:EncryptionKeys", result.FailureMessage, StringComparison.Ordinal);
    }

    private static GrainStateJsonSerializer Serializer(params StateEncryptionKey[] keys) =>
        new(new SecretProtector(Options.Create(new StateEncryptionOptions { EncryptionKeys = [.. keys] })));
}
