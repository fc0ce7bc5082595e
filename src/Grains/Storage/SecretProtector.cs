using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Grains.Storage;

/// <summary>
/// AES-256-GCM for secrets inside grain state. A protected value reads <c>v1:{keyId}:{base64(nonce|tag|ciphertext)}</c>;
/// the property's name is bound in as associated data, so a ciphertext copied into another field does not decrypt.
/// </summary>
public sealed class SecretProtector
{
    private const string Version = "v1";
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

    /// <summary>The id of the key a protected value names, or null when the value is not in the encrypted format.</summary>
    public static string? KeyIdOf(string protectedValue) =>
        protectedValue.Split(':') is [Version, { Length: > 0 } keyId, _] ? keyId : null;

    public string Protect(string plaintext, string purpose)
    {
        var input = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + input.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_currentKeyId], TagSize);
        aes.Encrypt(nonce, input, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        return $"{Version}:{_currentKeyId}:{Convert.ToBase64String(output)}";
    }

    public string Unprotect(string protectedValue, string purpose)
    {
        var parts = protectedValue.Split(':');
        if (parts.Length != 3 || parts[0] != Version)
        {
            throw new StoredSecretException($"A stored {purpose} is not in the encrypted format; it cannot be read.");
        }

        if (!_keys.TryGetValue(parts[1], out var key))
        {
            throw new StoredSecretException(
                $"A stored {purpose} was encrypted with key '{parts[1]}', which is not in Storage:EncryptionKeys. Add that key back to read it.");
        }

        var input = Convert.FromBase64String(parts[2]);
        if (input.Length < NonceSize + TagSize)
        {
            throw new StoredSecretException($"A stored {purpose} is truncated; it cannot be read.");
        }

        var output = new byte[input.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), output, Encoding.UTF8.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new StoredSecretException($"A stored {purpose} fails authentication with key '{parts[1]}': it was altered or belongs elsewhere.", ex);
        }

        return Encoding.UTF8.GetString(output);
    }
}

public sealed class StoredSecretException(string message, Exception? inner = null) : Exception(message, inner);
