using System.Text;

namespace MemDsl.Onnx;

/// <summary>
/// Writes protocol-buffer wire format: varint (wire type 0) and length-delimited (wire type 2) fields,
/// which is all an ONNX model graph needs when its initializers carry no data. Nested messages are
/// written into their own writer and embedded with <see cref="Message"/>.
/// </summary>
internal sealed class ProtoWriter
{
    private const int VarintWireType = 0;
    private const int LengthDelimitedWireType = 2;

    private readonly MemoryStream _buffer = new();

    /// <summary>An int64/int32/enum field; negative values take ten bytes, as protobuf encodes them.</summary>
    public ProtoWriter Int64(int field, long value)
    {
        WriteTag(field, VarintWireType);
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    /// <summary>A UTF-8 string field.</summary>
    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>An embedded message field.</summary>
    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    /// <summary>A bytes field.</summary>
    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, LengthDelimitedWireType);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    /// <summary>Appends the fields another writer holds, as fields of this message.</summary>
    public ProtoWriter Raw(ProtoWriter fields)
    {
        _buffer.Write(fields.ToArray());
        return this;
    }

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray() => _buffer.ToArray();

    private void WriteTag(int field, int wireType)
    {
        if (field < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(field), field, "Protobuf field numbers start at 1.");
        }

        WriteVarint(((ulong)field << 3) | (uint)wireType);
    }

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }
}
