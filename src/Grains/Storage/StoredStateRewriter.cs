using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grains.Storage;

/// <summary>
/// Rewrites the encrypted properties of one stored grain state under the current key, reading the stored JSON
/// without knowing its .NET type: the property's JSON name is the purpose its ciphertext is bound to. A state
/// holding any secret it cannot decrypt is left exactly as it is, and what stopped it is named.
/// </summary>
public sealed class StoredStateRewriter(GrainStateJsonSerializer serializer, SecretProtector protector)
{
    public StoredStateRewrite Rewrite(byte[]? payload)
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
            return new StoredStateRewrite(null, [new UnreadableSecret("(state)", null, "the stored state is not JSON")]);
        }

        var unreadable = new List<UnreadableSecret>();
        var rewritten = 0;
        foreach (var (property, value) in Secrets(document))
        {
            var stored = value.GetValue<string>();
            var keyId = SecretProtector.KeyIdOf(stored);
            if (keyId is null)
            {
                unreadable.Add(new UnreadableSecret(property, null, "it is not in the encrypted format"));
            }
            else if (!protector.HasKey(keyId))
            {
                unreadable.Add(new UnreadableSecret(property, keyId, $"key '{keyId}' is not in Storage:EncryptionKeys"));
            }
            else if (keyId != protector.CurrentKeyId)
            {
                try
                {
                    value.ReplaceWith(protector.Protect(protector.Unprotect(stored, property), property));
                    rewritten++;
                }
                catch (Exception ex) when (ex is StoredSecretException or FormatException)
                {
                    unreadable.Add(new UnreadableSecret(property, keyId, ex.Message));
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
