using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gateway.Access;

/// <summary>
/// Every key this gateway accepts, held as SHA-256 digests. A presented key is hashed and compared with each digest
/// in constant time, so neither timing nor an early exit tells how close a guess came.
/// </summary>
public sealed class ClientRegistry
{
    /// <summary>The claim carrying the digest of the key a principal signed in with (see <see cref="StillHolds"/>).</summary>
    public const string KeyClaim = "key_sha256";

    private readonly (byte[] Digest, ApiClient Client)[] _entries;
    private readonly Dictionary<string, ApiClient> _byName;

    public ClientRegistry(IOptions<GatewayOptions> options)
    {
        var fullAccess = options.Value.ApiKeys
            .Where(k => !string.IsNullOrWhiteSpace(k))
            .Distinct(StringComparer.Ordinal)
            .Select(key => SHA256.HashData(Encoding.UTF8.GetBytes(key)))
            .Select(digest => (digest, new ApiClient(FullAccessName(digest), Convert.ToHexStringLower(digest), new HashSet<string>(), ApiScopes.All, null)));
        var scoped = options.Value.Clients.Select(c => (Convert.FromHexString(c.KeySha256), new ApiClient(
            c.Name, c.KeySha256.ToLowerInvariant(), c.Components.ToHashSet(StringComparer.Ordinal), c.Scopes.ToHashSet(StringComparer.Ordinal), c.PermitsPerSecond)));
        _entries = [.. fullAccess, .. scoped];
        _byName = _entries.ToDictionary(e => e.Client.Name, e => e.Client, StringComparer.Ordinal);
    }

    /// <summary>Whether any client has a rate limit (<c>PermitsPerSecond</c>).</summary>
    public bool AnyLimited => _byName.Values.Any(c => c.PermitsPerSecond is not null);

    /// <summary>
    /// A full-access key's name in logs, metrics and status-page cookies: the start of its SHA-256, so it stays with the
    /// key whatever else is added to or removed from <c>Gateway:ApiKeys</c>, and tells nothing usable about the key.
    /// </summary>
    public static string FullAccessName(byte[] keyDigest) => "api-key-" + Convert.ToHexStringLower(keyDigest)[..8];

    /// <summary>
    /// The client whose key was presented, or null for an unknown (or empty) key. Every API request comes through
    /// here: the key is encoded and hashed on the stack, allocating nothing for keys of usual length.
    /// </summary>
    public ApiClient? Identify(ReadOnlySpan<char> presentedKey)
    {
        if (presentedKey.IsEmpty)
        {
            return null;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var maxLength = Encoding.UTF8.GetMaxByteCount(presentedKey.Length);
        var rented = maxLength > 512 ? ArrayPool<byte>.Shared.Rent(maxLength) : null;
        Span<byte> utf8 = rented ?? stackalloc byte[512];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(presentedKey, utf8)], digest);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }

        ApiClient? found = null;
        foreach (var (known, client) in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, known))
            {
                found = client;
            }
        }

        return found;
    }

    public ApiClient? Find(string? name) => name is null ? null : _byName.GetValueOrDefault(name);

    /// <summary>
    /// Whether a signed-in principal's client is still configured with the key it signed in with: a client removed, or
    /// given another key under the same name, no longer opens anything with an older cookie.
    /// </summary>
    public bool StillHolds(ClaimsPrincipal principal) =>
        Find(principal.Identity?.Name) is { } client && principal.FindFirstValue(KeyClaim) == client.KeySha256;
}
