using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Grains.Storage;

/// <summary>
/// AES-256-GCM for secrets inside grain state. A protected value reads <c>v2:{keyId}:{base64(nonce|tag|ciphertext)}</c>,
/// bound as associated data to its property and to the row it is stored in (<see cref="StoredRow"/>), so a ciphertext
/// copied into another field or another grain's row does not decrypt. <c>v1:</c> values, bound to the property alone,
/// are still read; every write is <c>v2:</c>, and <c>reencrypt</c> moves the rest.
/// </summary>
public sealed class SecretProtector
{
    public const string CurrentVersion = "v2";
    private const string PropertyBoundVersion = "v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _currentKeyId;

    public SecretProtector(IOptions<StateEncryptionOptions> options)
    {
        var keys = options.Value.EncryptionKeys;
        _keys = keys.ToDictionary(k => k.Id, k => Convert.FromBase64String(k.Key), StringComparer.Ordinal);
        _currentKeyId = keys[0].Id;
    }

    /// <summary>The id of the first configured key, the one <see cref="Protect"/> encrypts with.</summary>
    public string CurrentKeyId => _currentKeyId;

    public bool HasKey(string keyId) => _keys.ContainsKey(keyId);

    /// <summary>The format version and key id a protected value names, or null when it is not in an encrypted format.</summary>
    public static (string Version, string KeyId)? FormatOf(string protectedValue) =>
        protectedValue.Split(':') is [(CurrentVersion or PropertyBoundVersion) and var version, { Length: > 0 } keyId, _] ? (version, keyId) : null;

    /// <summary>Written as it would be today: the current format under the current key.</summary>
    public bool IsCurrent(string protectedValue) => FormatOf(protectedValue) == (CurrentVersion, _currentKeyId);

    public string Protect(string plaintext, StoredRow row, string property)
    {
        var input = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + input.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_currentKeyId], TagSize);
        aes.Encrypt(nonce, input, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), row.AssociatedData(property));
        return $"{CurrentVersion}:{_currentKeyId}:{Convert.ToBase64String(output)}";
    }

    public string Unprotect(string protectedValue, StoredRow row, string property)
    {
        if (FormatOf(protectedValue) is not ({ } version, { } keyId))
        {
            throw new StoredSecretException($"The stored {property} of {row} is not in the encrypted format; it cannot be read.");
        }

        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new StoredSecretException(
                $"The stored {property} of {row} was encrypted with key '{keyId}', which is not in Storage:EncryptionKeys. Add that key back to read it.");
        }

        if (!TryDecode(protectedValue[(version.Length + keyId.Length + 2)..], out var input))
        {
            throw new StoredSecretException($"The stored {property} of {row} is garbled or truncated; it cannot be read.");
        }

        var associatedData = version == CurrentVersion ? row.AssociatedData(property) : Encoding.UTF8.GetBytes(property);
        var output = new byte[input.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), output, associatedData);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new StoredSecretException(
                $"The stored {property} of {row} fails authentication with key '{keyId}': it was altered, or copied from another field or row.", ex);
        }

        return Encoding.UTF8.GetString(output);
    }

    private static bool TryDecode(string base64, out byte[] bytes)
    {
        bytes = new byte[base64.Length * 3 / 4];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written < NonceSize + TagSize)
        {
            return false;
        }

        bytes = bytes[..written];
        return true;
    }
}

public sealed class StoredSecretException(string message, Exception? inner = null) : Exception(message, inner);
