using System.Buffers.Binary;
using System.Text;

namespace Translator.Platform;

/// <summary>
/// Writes a flattened device tree blob (FDT version 17, as the Devicetree Specification defines it):
/// a header, an empty memory reservation map, the structure block and the strings block, all big-endian.
/// Build it by nesting <see cref="BeginNode"/>/<see cref="EndNode"/> with properties in between.
/// </summary>
public sealed class FdtWriter
{
    private const uint Magic = 0xD00DFEED, TokenBeginNode = 1, TokenEndNode = 2, TokenProperty = 3, TokenEnd = 9;
    private const int HeaderSize = 40, Version = 17, LastCompatibleVersion = 16;
    private readonly List<byte> _structure = new();
    private readonly List<byte> _strings = new();
    private readonly Dictionary<string, int> _stringOffsets = new();
    private int _depth;

    /// <summary>Opens a node; the root node's name is empty.</summary>
    public FdtWriter BeginNode(string name)
    {
        AppendToken(TokenBeginNode);
        _structure.AddRange(Encoding.ASCII.GetBytes(name));
        _structure.Add(0);
        Pad();
        _depth++;
        return this;
    }

    /// <summary>Closes the innermost open node.</summary>
    public FdtWriter EndNode()
    {
        if (_depth == 0) throw new InvalidOperationException("no open node");
        AppendToken(TokenEndNode);
        _depth--;
        return this;
    }

    /// <summary>Adds a property with raw bytes as its value.</summary>
    public FdtWriter Property(string name, ReadOnlySpan<byte> value)
    {
        AppendToken(TokenProperty);
        AppendToken((uint)value.Length);
        AppendToken((uint)NameOffset(name));
        _structure.AddRange(value.ToArray());
        Pad();
        return this;
    }

    /// <summary>Adds an empty (boolean) property.</summary>
    public FdtWriter Property(string name) => Property(name, ReadOnlySpan<byte>.Empty);

    /// <summary>Adds a string-list property (each string NUL-terminated).</summary>
    public FdtWriter Property(string name, params string[] strings) =>
        Property(name, Encoding.ASCII.GetBytes(string.Concat(strings.Select(s => s + "\0"))));

    /// <summary>Adds a property of 32-bit cells.</summary>
    public FdtWriter Cells(string name, params uint[] cells)
    {
        var bytes = new byte[cells.Length * 4];
        for (int i = 0; i < cells.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 4), cells[i]);
        return Property(name, bytes);
    }

    /// <summary>Adds a property of 64-bit values, each written as two cells (for #address-cells = #size-cells = 2).</summary>
    public FdtWriter Cells64(string name, params ulong[] values)
    {
        // A loop, not LINQ over ulong and uint: that is generic code every boot would wait for RyuJIT to compile.
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(i * 8), values[i]);
        return Property(name, bytes);
    }

    /// <summary>Finishes the blob.</summary>
    public byte[] ToArray()
    {
        if (_depth != 0) throw new InvalidOperationException("unclosed nodes");
        var structure = new List<byte>(_structure);
        var end = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(end, TokenEnd);
        structure.AddRange(end);

        const int reservationMapOffset = HeaderSize; // 8-byte aligned
        const int reservationMapSize = 16;           // just the terminating (0, 0) entry
        int structureOffset = reservationMapOffset + reservationMapSize;
        int stringsOffset = structureOffset + structure.Count;
        int total = stringsOffset + _strings.Count;

        var blob = new byte[total];
        var header = blob.AsSpan();
        uint[] fields = { Magic, (uint)total, (uint)structureOffset, (uint)stringsOffset, reservationMapOffset,
            Version, LastCompatibleVersion, 0, (uint)_strings.Count, (uint)structure.Count };
        for (int i = 0; i < fields.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(header[(i * 4)..], fields[i]);
        structure.CopyTo(blob, structureOffset);
        _strings.CopyTo(blob, stringsOffset);
        return blob;
    }

    private int NameOffset(string name)
    {
        if (!_stringOffsets.TryGetValue(name, out int offset))
        {
            offset = _strings.Count;
            _strings.AddRange(Encoding.ASCII.GetBytes(name));
            _strings.Add(0);
            _stringOffsets[name] = offset;
        }
        return offset;
    }

    private void AppendToken(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        _structure.AddRange(b.ToArray());
    }

    private void Pad()
    {
        while (_structure.Count % 4 != 0) _structure.Add(0);
    }
}
