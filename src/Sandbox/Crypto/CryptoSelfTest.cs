using System.Text;

namespace Sandbox.Crypto;

/// <summary>Checks <see cref="SandboxCrypt"/> against known answers; the sandbox refuses to start on any mismatch.</summary>
public static class CryptoSelfTest
{
    /// <summary>What did not match, one line per problem; empty when every vector holds.</summary>
    public static IReadOnlyList<string> Failures(IEnumerable<CryptoVector> vectors)
    {
        var failures = new List<string>();
        foreach (var vector in vectors)
        {
            var crypt = new SandboxCrypt(vector.Token, vector.EncodingAesKey, vector.AppId);
            Expect(failures, vector, "decrypt", vector.Message, Try(() => crypt.Decrypt(vector.Encrypt)));
            if (vector.Random is not null)
            {
                Expect(failures, vector, "encrypt", vector.Encrypt, crypt.Encrypt(vector.Message, Encoding.ASCII.GetBytes(vector.Random)));
            }

            if (vector is { Timestamp: { } timestamp, Nonce: { } nonce })
            {
                Expect(failures, vector, "msg_signature", vector.MsgSignature, crypt.MessageSignature(timestamp, nonce, vector.Encrypt));
                if (vector.Signature is not null)
                {
                    Expect(failures, vector, "signature", vector.Signature, crypt.UrlSignature(timestamp, nonce));
                }
            }
        }

        return failures;
    }

    public static void Verify()
    {
        var failures = Failures(OfficialVectors.All);
        if (failures.Count > 0)
        {
            throw new InvalidOperationException("The sandbox's message crypto does not reproduce WeChat's vectors: " + string.Join("; ", failures));
        }
    }

    private static void Expect(List<string> failures, CryptoVector vector, string what, string? expected, string actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            failures.Add($"vector {vector.Name}: {what} gave '{actual}'");
        }
    }

    private static string Try(Func<string> run)
    {
        try
        {
            return run();
        }
        catch (SandboxCryptException ex)
        {
            return "error: " + ex.Message;
        }
    }
}
