using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Storage;

namespace Grains.Storage;

/// <summary>
/// Grain state as plain JSON bound to property names, never to .NET type names, so renaming or moving a state class
/// never orphans stored tokens. Properties marked <see cref="SecretAttribute"/> are encrypted.
/// </summary>
public sealed class GrainStateJsonSerializer : IGrainStorageSerializer
{
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

    private sealed class SecretConverter(SecretProtector protector, string purpose) : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { } stored ? protector.Unprotect(stored, purpose) : null;

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(protector.Protect(value, purpose));
    }
}
