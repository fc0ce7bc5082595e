using Microsoft.Extensions.Options;

namespace Grains.Storage;

/// <summary>
/// The <c>Storage</c> section: keys that encrypt secrets inside grain state. The first key encrypts; every key
/// decrypts, so a key is rotated by adding a new one first and dropping the old one once nothing uses it.
/// </summary>
public sealed class StateEncryptionOptions
{
    public const string Section = "Storage";

    public List<StateEncryptionKey> EncryptionKeys { get; set; } = [];
}

public sealed class StateEncryptionKey
{
    public string Id { get; set; } = "";

    /// <summary>32 random bytes, base64 (<c>openssl rand -base64 32</c>).</summary>
    public string Key { get; set; } = "";
}

internal sealed class StateEncryptionOptionsValidator : IValidateOptions<StateEncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, StateEncryptionOptions options)
    {
        if (options.EncryptionKeys.Count == 0)
        {
            return ValidateOptionsResult.Fail(
                "Storage:EncryptionKeys is empty: the cluster keeps tickets, tokens and refresh tokens in PostgreSQL and needs at least one key (Storage:EncryptionKeys:0:Id and :Key, 32 bytes base64) to encrypt them.");
        }

        var failures = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.EncryptionKeys.Count; i++)
        {
            var key = options.EncryptionKeys[i];
            if (string.IsNullOrWhiteSpace(key.Id) || key.Id.Contains(':', StringComparison.Ordinal))
            {
                failures.Add($"Storage:EncryptionKeys:{i}:Id must be a non-empty name without ':'.");
            }
            else if (!ids.Add(key.Id))
            {
                failures.Add($"Storage:EncryptionKeys:{i}:Id '{key.Id}' is used twice.");
            }

            if (!IsKey(key.Key))
            {
                failures.Add($"Storage:EncryptionKeys:{i}:Key must be 32 bytes in base64.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsKey(string value)
    {
        Span<byte> bytes = stackalloc byte[33];
        return Convert.TryFromBase64String(value, bytes, out var written) && written == 32;
    }
}
