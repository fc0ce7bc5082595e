using System.Security.Cryptography;
using System.Text;
using Grains.Storage;

namespace Cluster.Tests.Support;

/// <summary>
/// A secret as the platform stored it before secrets were bound to their row: <c>v1:{keyId}:{base64(nonce|tag|ciphertext)}</c>,
/// AES-256-GCM with the property's name alone as associated data.
/// </summary>
internal static class V1Secret
{
    public static string Protect(StateEncryptionKey key, string property, string plaintext)
    {
        var input = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[12 + 16 + input.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(Convert.FromBase64String(key.Key), 16);
        aes.Encrypt(output.AsSpan(0, 12), input, output.AsSpan(28), output.AsSpan(12, 16), Encoding.UTF8.GetBytes(property));
        return $"v1:{key.Id}:{Convert.ToBase64String(output)}";
    }
}
