using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Storage;

namespace Grains.Storage;

/// <summary>
/// Grain state as plain JSON bound to property names, never to .NET type names, so renaming or moving a state class
/// never orphans stored tokens. Properties marked <see cref="SecretAttribute"/> are encrypted, bound to the row they
/// are stored in: Orleans' storage hands a serializer only the state, so <see cref="RowBoundGrainStorage"/> names the
/// row for the duration of each storage call, and a secret serialized with no row named is refused.
/// </summary>
public sealed class GrainStateJsonSerializer : IGrainStorageSerializer
{
    private static readonly AsyncLocal<StoredRow?> CurrentRow = new();

    private readonly JsonSerializerOptions _options;

    public GrainStateJsonSerializer(SecretProtector protector)
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info => EncryptSecrets(info, protector));
        _options = new JsonSerializerOptions
        {
            TypeInfoResolver = resolver,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        };
        SecretPropertyNames = SecretNamesOf(typeof(GrainStateJsonSerializer).Assembly);
    }

    /// <summary>The JSON names under which the grain states of this assembly store their encrypted properties.</summary>
    public IReadOnlySet<string> SecretPropertyNames { get; }

    /// <summary>How stored state is written, for rewriting a stored document without its .NET type.</summary>
    public JsonWriterOptions WriterOptions => new() { Encoder = _options.Encoder };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, _options));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, _options)
        ?? throw new JsonException($"Stored {typeof(T).Name} is JSON null.");

    /// <summary>The state as it is stored in <paramref name="row"/>.</summary>
    public BinaryData Serialize<T>(T? input, StoredRow row)
    {
        using (For(row))
        {
            return Serialize(input);
        }
    }

    /// <summary>The state stored in <paramref name="row"/>; its secrets decrypt only there.</summary>
    public T Deserialize<T>(BinaryData input, StoredRow row)
    {
        using (For(row))
        {
            return Deserialize<T>(input);
        }
    }

    /// <summary>Names the row the state being serialized in this flow is stored in, until disposed.</summary>
    internal static IDisposable For(StoredRow row)
    {
        var scope = new RowScope(CurrentRow.Value);
        CurrentRow.Value = row;
        return scope;
    }

    private HashSet<string> SecretNamesOf(System.Reflection.Assembly assembly) =>
    [
        .. assembly.GetTypes()
            .Where(t => t is { IsClass: true, ContainsGenericParameters: false } && t.GetProperties().Any(p => p.IsDefined(typeof(SecretAttribute), inherit: true)))
            .SelectMany(t => _options.GetTypeInfo(t).Properties)
            .Where(p => p.CustomConverter is SecretConverter)
            .Select(p => p.Name),
    ];

    private static void EncryptSecrets(JsonTypeInfo info, SecretProtector protector)
    {
        foreach (var property in info.Properties)
        {
            var secret = property.AttributeProvider?.IsDefined(typeof(SecretAttribute), inherit: true) ?? false;
            if (secret && property.PropertyType == typeof(string))
            {
                property.CustomConverter = new SecretConverter(protector, property.Name);
            }
        }
    }

    private static StoredRow Row(string property) => CurrentRow.Value
        ?? throw new InvalidOperationException($"A {property} was serialized outside a grain storage call: the row it belongs to is unknown.");

    private sealed class SecretConverter(SecretProtector protector, string property) : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { } stored ? protector.Unprotect(stored, Row(property), property) : null;

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(protector.Protect(value, Row(property), property));
    }

    private sealed class RowScope(StoredRow? previous) : IDisposable
    {
        public void Dispose() => CurrentRow.Value = previous;
    }
}
