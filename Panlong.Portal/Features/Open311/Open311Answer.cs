using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Panlong.Data;

namespace Panlong.Portal.Features.Open311;

public enum Open311Format
{
    Json,
    Xml,
}

/// <summary>One spec element — a service, a request, an error — as its fields in the spec's order and with its names.</summary>
public sealed record Open311Item(IReadOnlyList<KeyValuePair<string, object?>> Fields)
{
    public static Open311Item Of(params (string Name, object? Value)[] fields) => new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).ToList());
}

/// <summary>
/// An Open311 GeoReport v2 answer written as JSON or XML from one description, so both formats carry the same fields:
/// JSON a top-level array of objects (or one object for a service definition), XML a root element named
/// <c>root</c> holding one <c>element</c> per item. Times go out in China time with their offset; a list value
/// (a definition's attributes) is a nested array, or nested elements in XML.
/// </summary>
public sealed class Open311Answer(int status, Open311Format format, string root, string element, IReadOnlyList<Open311Item> items, bool definition = false) : IResult
{
        public static Open311Answer Errors(int status, Open311Format format, params string[] descriptions) =>
        new(status, format, "errors", "error", descriptions.Select(d => Open311Item.Of(("code", status), ("description", d))).ToList());

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = format == Open311Format.Xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
        await httpContext.Response.WriteAsync(format == Open311Format.Xml ? Xml() : Json(), Encoding.UTF8, httpContext.RequestAborted);
    }

    public string Json()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            if (definition)
            {
                WriteObject(w, items[0]);
            }
            else
            {
                w.WriteStartArray();
                foreach (var item in items)
                {
                    WriteObject(w, item);
                }
                w.WriteEndArray();
            }
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public string Xml()
    {
        var text = new StringBuilder();
        using (var w = XmlWriter.Create(new StringWriter(text, CultureInfo.InvariantCulture), new XmlWriterSettings { OmitXmlDeclaration = false }))
        {
            w.WriteStartDocument();
            if (definition)
            {
                WriteElement(w, root, items[0]);
            }
            else
            {
                w.WriteStartElement(root);
                foreach (var item in items)
                {
                    WriteElement(w, element, item);
                }
                w.WriteEndElement();
            }
            w.WriteEndDocument();
        }
        // The declaration says UTF-8, as the body is sent (a StringWriter would have it say UTF-16).
        return text.Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"").ToString();
    }

    private static void WriteObject(Utf8JsonWriter w, Open311Item item)
    {
        w.WriteStartObject();
        foreach (var (name, value) in item.Fields)
        {
            w.WritePropertyName(name);
            switch (value)
            {
                case null: w.WriteNullValue(); break;
                case bool b: w.WriteBooleanValue(b); break;
                case int i: w.WriteNumberValue(i); break;
                case double d: w.WriteNumberValue(d); break;
                case DateTimeOffset t: w.WriteStringValue(Time(t)); break;
                case IReadOnlyList<Open311Item> list:
                    w.WriteStartArray();
                    foreach (var nested in list)
                    {
                        WriteObject(w, nested);
                    }
                    w.WriteEndArray();
                    break;
                default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }
        w.WriteEndObject();
    }

    private static void WriteElement(XmlWriter w, string name, Open311Item item)
    {
        w.WriteStartElement(name);
        foreach (var (field, value) in item.Fields)
        {
            w.WriteStartElement(field);
            switch (value)
            {
                case null: break;
                case bool b: w.WriteString(b ? "true" : "false"); break;
                case double d: w.WriteString(d.ToString("R", CultureInfo.InvariantCulture)); break;
                case DateTimeOffset t: w.WriteString(Time(t)); break;
                case IReadOnlyList<Open311Item> list:
                    foreach (var nested in list)
                    {
                        WriteElement(w, "attribute", nested);
                    }
                    break;
                default: w.WriteString(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    /// <summary>ISO 8601 with the offset, as the spec asks (w3 format): "2026-12-01T10:15:00+08:00".</summary>
    private static string Time(DateTimeOffset t) => ChinaTime.ToChina(t).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
