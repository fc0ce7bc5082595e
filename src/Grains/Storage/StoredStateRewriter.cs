using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grains.Storage;

/// <summary>
/// Rewrites the encrypted properties of one stored grain state in the current format under the current key, reading
/// the stored JSON without knowing its .NET type: the property's JSON name and the row are what its ciphertext is
/// bound to. Every secret is decrypted, so one that does not decrypt under its own row (altered, or copied from
/// another) is found even when it names the current key. A state holding any secret it cannot decrypt is left
/// exactly as it is, and what stopped it is named.
/// </summary>
public sealed class StoredStateRewriter(GrainStateJsonSerializer serializer, SecretProtector protector)
{
    public StoredStateRewrite Rewrite(StoredRow row, byte[]? payload)
    {
        if (payload is null)
        {
            return StoredStateRewrite.Current;
        }

        JsonNode? document;
        try
        {
            document = JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            return new StoredStateRewrite(null, [new UnreadableSecret("(state)", null, "the stored state is not JSON", Mismatched: false)]);
        }

        var unreadable = new List<UnreadableSecret>();
        var rewritten = 0;
        foreach (var (property, value) in Secrets(document))
        {
            var stored = value.GetValue<string>();
            if (SecretProtector.FormatOf(stored) is not (_, { } keyId))
            {
                unreadable.Add(new UnreadableSecret(property, null, "it is not in the encrypted format", Mismatched: false));
            }
            else if (!protector.HasKey(keyId))
            {
                unreadable.Add(new UnreadableSecret(property, keyId, $"key '{keyId}' is not in Storage:EncryptionKeys", Mismatched: false));
            }
            else
            {
                try
                {
                    var plaintext = protector.Unprotect(stored, row, property);
                    if (!protector.IsCurrent(stored))
                    {
                        value.ReplaceWith(protector.Protect(plaintext, row, property));
                        rewritten++;
                    }
                }
                catch (StoredSecretException ex)
                {
                    unreadable.Add(new UnreadableSecret(property, keyId, ex.Message, Mismatched: ex.InnerException is AuthenticationTagMismatchException));
                }
            }
        }

        if (unreadable.Count > 0)
        {
            return new StoredStateRewrite(null, unreadable);
        }

        return rewritten == 0 ? StoredStateRewrite.Current : new StoredStateRewrite(Serialize(document!), []);
    }

    /// <summary>Every string stored under a secret property's name, at any depth (outboxes keep lists of them).</summary>
    private List<(string Property, JsonValue Value)> Secrets(JsonNode? node)
    {
        var found = new List<(string, JsonValue)>();
        var pending = new Stack<JsonNode?>([node]);
        while (pending.TryPop(out var current))
        {
            switch (current)
            {
                case JsonObject item:
                    foreach (var (name, child) in item)
                    {
                        if (child is JsonValue text && text.GetValueKind() == JsonValueKind.String && serializer.SecretPropertyNames.Contains(name))
                        {
                            found.Add((name, text));
                        }
                        else
                        {
                            pending.Push(child);
                        }
                    }

                    break;
                case JsonArray list:
                    foreach (var child in list)
                    {
                        pending.Push(child);
                    }

                    break;
            }
        }

        return found;
    }

    private byte[] Serialize(JsonNode document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, serializer.WriterOptions))
        {
            document.WriteTo(writer);
        }

        return buffer.ToArray();
    }
}
