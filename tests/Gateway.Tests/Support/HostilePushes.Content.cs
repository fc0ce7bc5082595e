using System.Globalization;
using System.Text;
using CsCheck;

namespace Gateway.Tests.Support;

/// <summary>Pushes signed as WeChat signs them whose ciphertext, decrypted XML or timestamps are hostile.</summary>
public sealed partial class HostilePushes
{
    private const string XxeDoctype = "<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>";

    private const string LaughsDoctype =
        "<!DOCTYPE xml [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">" +
        "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>";

    private static readonly string[] Doctypes =
    [
        XxeDoctype,
        LaughsDoctype,
        "<!DOCTYPE xml SYSTEM \"http://127.0.0.1:9/evil.dtd\">",
        "<!DOCTYPE xml [<!ENTITY % remote SYSTEM \"http://127.0.0.1:9/p.dtd\"> %remote;]>",
        "<!DOCTYPE xml [<!ELEMENT xml ANY>]>",
    ];

    private static readonly string[] OtherAppIds = ["wx0000000000000000", "wx5a4db0c0de000002", "WX5A4DB0C0DE000001", "wx5a4db0acc0000001", "", "wx5a4db0c0de0000011", "wx5a4db0c0de00000"];

    private Gen<HostilePush> WrongAppId => Gen.Select(PlainFields, Nonce, Gen.Int[0, OtherAppIds.Length - 1], Gen.Bool, (fields, nonce, which, inside) =>
        events && inside
            ? new HostilePush("wrong appid", $"<AppId> {OtherAppIds[which]}", Sealed(Plain(Replace(fields, "AppId", OtherAppIds[which])), nonce))
            : new HostilePush("wrong appid", $"sealed for '{OtherAppIds[which]}'", Sealed(Plain(fields), nonce, OtherAppIds[which])));

    private Gen<HostilePush> BrokenCiphertext => Gen.Select(Valid, Gen.Int[0, 8], Gen.Double.Unit, Gen.Byte.Array[32, 96], (push, kind, share, random) =>
    {
        var plain = Encoding.UTF8.GetBytes(Plain([("AppId", forge.ComponentAppId), ("CreateTime", PushForge.Now)]));
        var content = 20 + plain.Length + forge.ComponentAppId.Length;
        var at = (int)(share * push.Encrypt.Length);
        var (change, encrypt) = kind switch
        {
            0 => ("a character outside base64", push.Encrypt[..at] + "!*-_é"[at % 5] + push.Encrypt[(at + 1)..]),
            1 => ("padding stripped or doubled", push.Encrypt.EndsWith('=') ? push.Encrypt.TrimEnd('=') : push.Encrypt + "=="),
            2 => ("ciphertext not a multiple of 32 bytes", Convert.ToBase64String(Convert.FromBase64String(push.Encrypt)[..Math.Max(1, at % 31 + 1)])),
            3 => ("empty Encrypt", ""),
            4 => ("random blocks", forge.EncryptRaw(random[..(random.Length / 32 * 32)])),
            5 => ("padding byte 0", forge.EncryptRaw(PushForge.Layout(plain, (uint)plain.Length, forge.ComponentAppId, [.. PushForge.Padding(content)[..^1], 0]))),
            6 => ("padding longer than a block", forge.EncryptRaw(PushForge.Layout(plain, (uint)plain.Length, forge.ComponentAppId, [.. Enumerable.Repeat((byte)64, 64 - (content % 32))]))),
            7 => ("padding bytes that disagree", forge.EncryptRaw(PushForge.Layout(plain, (uint)plain.Length, forge.ComponentAppId, Disagreeing(PushForge.Padding(content))))),
            _ => ("declared length past the end", forge.EncryptRaw(PushForge.Layout(plain, (uint)(plain.Length + 1 + (at * 7919)), forge.ComponentAppId, PushForge.Padding(content)))),
        };
        return new HostilePush("broken base64 and padding", change, forge.Seal(encrypt, push.Timestamp, push.Nonce, AccountUserName));
    });

    /// <summary>Valid padding with its first byte changed, when the padding is long enough to have two.</summary>
    private static byte[] Disagreeing(byte[] padding) =>
        padding.Length > 1 ? [(byte)(padding[0] - 1), .. padding[1..]] : [2];

    private Gen<HostilePush> DtdAndEntities => Gen.Select(Valid, PlainFields, Gen.Int[0, Doctypes.Length - 1], Gen.Int[0, 2], (push, fields, which, where) =>
    {
        var doctype = Doctypes[which];
        var entity = doctype.Contains("lol3", StringComparison.Ordinal) ? "&lol3;" : doctype.Contains("xxe", StringComparison.Ordinal) ? "&xxe;" : "";
        var (name, value) = fields[^1];
        var inner = doctype + Plain(fields[..^1]).Replace("</xml>", $"<{name}>{value}{entity}</{name}></xml>", StringComparison.Ordinal);
        return where switch
        {
            0 => new HostilePush("DTDs and entities", $"envelope with {Name(which)}", push with { Body = "<?xml version=\"1.0\"?>" + doctype + push.Body }),
            1 => new HostilePush("DTDs and entities", $"decrypted XML with {Name(which)}", Sealed(inner, push.Nonce)),
            _ => new HostilePush("DTDs and entities", $"declaration then {Name(which)}", Sealed("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + inner, push.Nonce)),
        };
    });

    private static string Name(int doctype) => doctype switch { 0 => "XXE", 1 => "billion laughs", 2 => "external DTD", 3 => "parameter entity", _ => "internal DTD" };

    private Gen<HostilePush> WrongEncoding => Gen.Select(Valid, PlainFields, Gen.Int[0, 4], Gen.Double.Unit, (push, fields, kind, share) =>
    {
        byte[] InvalidUtf8() => [0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xFF];
        switch (kind)
        {
            case 0:
                return new HostilePush("wrong encodings", "envelope in UTF-16 with a BOM", push.Query, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(push.Body)]);
            case 1:
                return new HostilePush("wrong encodings", "envelope in UTF-32", push.Query, Encoding.UTF32.GetBytes(push.Body));
            case 2:
                var body = Encoding.UTF8.GetBytes(push.Body);
                var start = push.Body.IndexOf(push.Encrypt, StringComparison.Ordinal) + (int)(share * (push.Encrypt.Length - 6));
                InvalidUtf8().CopyTo(body, start);
                return new HostilePush("wrong encodings", $"invalid UTF-8 in the Encrypt value at {start}", push.Query, body);
            default:
                // The decrypted message itself is not UTF-8: Latin-1 accents, or bytes no encoder produces.
                var text = Plain(Replace(fields, fields[^1].Name, fields[^1].Value + " café naïve"));
                var message = kind == 3 ? Encoding.Latin1.GetBytes(text) : [.. Encoding.UTF8.GetBytes(text[..^6]), .. InvalidUtf8(), .. Encoding.UTF8.GetBytes("</xml>")];
                var content = 20 + message.Length + forge.ComponentAppId.Length;
                var encrypt = forge.EncryptRaw(PushForge.Layout(message, (uint)message.Length, forge.ComponentAppId, PushForge.Padding(content)));
                return new HostilePush("wrong encodings", kind == 3 ? "decrypted XML in Latin-1" : "decrypted XML with invalid UTF-8", forge.Seal(encrypt, push.Timestamp, push.Nonce, AccountUserName));
        }
    });

    private Gen<HostilePush> HostileTimestamps => Gen.Select(PlainFields, Nonce, Gen.Long[600, 10_000_000_000], Gen.Int[0, 13], (fields, nonce, offset, kind) =>
    {
        var now = long.Parse(PushForge.Now, CultureInfo.InvariantCulture);
        string? query = kind switch
        {
            0 => "99999999999999999999",
            1 => long.MaxValue.ToString(CultureInfo.InvariantCulture),
            2 => long.MinValue.ToString(CultureInfo.InvariantCulture),
            3 => "-1",
            4 => (now - offset).ToString(CultureInfo.InvariantCulture),
            5 => (now + offset).ToString(CultureInfo.InvariantCulture),
            6 => "+" + now.ToString(CultureInfo.InvariantCulture),
            7 => " " + now.ToString(CultureInfo.InvariantCulture),
            8 => now.ToString(CultureInfo.InvariantCulture) + ".5",
            9 => "1e9",
            _ => null,
        };
        if (query is not null)
        {
            return new HostilePush("huge and negative timestamps", $"query timestamp '{query}'", forge.Seal(forge.Encrypt(Plain(fields)), query, nonce, AccountUserName));
        }

        // The decrypted CreateTime (or an authorization code's expiry, absolute or relative) beyond what a date can
        // hold, or no integer.
        var inner = kind switch
        {
            10 => long.MaxValue - offset,
            11 => long.MinValue + offset,
            12 => 253_402_300_800 + offset,
            _ => -400_000_000_000 - offset,
        };
        var plain = events && offset % 2 == 0
            ? Plain([("AppId", forge.ComponentAppId), ("CreateTime", PushForge.Now), ("InfoType", "authorized"), ("AuthorizerAppid", "wx5a4db0acc0000002"),
                ("AuthorizationCode", "queryauthcode@@@fuzz"), ("AuthorizationCodeExpiredTime", inner.ToString(CultureInfo.InvariantCulture))])
            : Plain(Replace(fields, "CreateTime", offset % 3 == 0 ? "99999999999999999999" : inner.ToString(CultureInfo.InvariantCulture)));
        return new HostilePush("huge and negative timestamps", $"decrypted {(plain.Contains("ExpiredTime", StringComparison.Ordinal) ? "AuthorizationCodeExpiredTime" : "CreateTime")} {inner}", Sealed(plain, nonce));
    });

    private Gen<HostilePush> DuplicatedElements => Gen.Select(PlainFields, Nonce, Gen.Double.Unit, Gen.Bool, Gen.Bool, (fields, nonce, share, envelope, originalFirst) =>
    {
        if (envelope)
        {
            var first = forge.Encrypt(Plain(fields));
            var second = forge.Encrypt(Plain(Replace(fields, fields[^1].Name, fields[^1].Value + "-second")));
            var signed = forge.Seal(first, PushForge.Now, nonce, AccountUserName);
            return new HostilePush("duplicated elements", "two <Encrypt> in the envelope", signed with { Body = PushForge.Envelope(AccountUserName, first, second) });
        }

        // One field twice, with two values, either copy first: which one a reader takes must never matter.
        var at = (int)(share * fields.Count);
        var (name, value) = fields[at];
        var copy = (name, name == "CreateTime" ? (long.Parse(value, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture) : value + "-twin");
        List<(string, string)> doubled = [.. fields[..at], .. originalFirst ? [fields[at], copy] : new[] { copy, fields[at] }, .. fields[(at + 1)..]];
        return new HostilePush("duplicated elements", $"<{name}> twice", Sealed(Plain(doubled), nonce));
    });

    private static List<(string Name, string Value)> Replace(List<(string Name, string Value)> fields, string name, string value) =>
        [.. fields.Select(f => f.Name == name ? (f.Name, value) : f)];
}
