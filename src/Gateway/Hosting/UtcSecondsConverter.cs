using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Hosting;

/// <summary>
/// Writes instants as the contract shows them, <c>2026-01-01T00:00:00Z</c>: UTC, whole seconds, rounded down
/// so an expiry is never later than the real one.
/// </summary>
public sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
