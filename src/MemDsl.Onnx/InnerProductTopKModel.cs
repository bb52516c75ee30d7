namespace MemDsl.Onnx;

/// <summary>
/// The ONNX model behind <see cref="OnnxInnerProductTopK"/>, written as protobuf bytes in memory:
/// <c>scores = Gemm(queries[batch, dimensions], rows[rows, dimensions], transB = 1)</c>, then
/// <c>values, indices = TopK(scores, k[1], axis = -1, largest = 1, sorted = 1)</c>. Every dimension but
/// k's is symbolic, so one session serves any matrix, batch and k. Field numbers are those of onnx.proto
/// (IR version 8, default-domain opset 13).
/// </summary>
internal static class InnerProductTopKModel
{
    public const string QueriesInput = "queries";
    public const string RowsInput = "rows";
    public const string KInput = "k";
    public const string ValuesOutput = "values";
    public const string IndicesOutput = "indices";

    /// <summary>The resident model's external data file: the matrix as little-endian float32, row after row.</summary>
    public const string ExternalRowsLocation = "rows.bin";

    // TensorProto.DataType
    private const int Float = 1;
    private const int Int64 = 7;

    // AttributeProto.AttributeType
    private const int IntAttribute = 2;

    private static readonly Lazy<byte[]> LazyBytes = new(Build);

    /// <summary>The serialized ModelProto.</summary>
    public static byte[] Bytes => LazyBytes.Value;

    private static byte[] Build() => Model(
        new ProtoWriter()
            .Message(11, Tensor(QueriesInput, Float, Symbolic("batch"), Symbolic("dimensions")))
            .Message(11, Tensor(RowsInput, Float, Symbolic("rows"), Symbolic("dimensions")))
            .Message(11, Tensor(KInput, Int64, Fixed(1))));

    /// <summary>
    /// The same graph with the matrix as an initializer of <paramref name="rowCount"/> ×
    /// <paramref name="dimensions"/> floats named <see cref="RowsInput"/>, stored as external data in
    /// <see cref="ExternalRowsLocation"/>: ONNX Runtime reads it when the session starts and places it
    /// on the session's device once, instead of on every run (see <see cref="OnnxInnerProductIndex"/>).
    /// </summary>
    public static byte[] BuildResident(long rowCount, int dimensions)
    {
        // TensorProto: dims = 1, data_type = 2, name = 8, external_data = 13 (StringStringEntryProto:
        // key = 1, value = 2), data_location = 14 (EXTERNAL = 1). Embedded, the matrix would make the model
        // as large as itself, past protobuf's 2 GB from about 1.4M rows of 384.
        var location = new ProtoWriter().String(1, "location").String(2, ExternalRowsLocation);
        var rows = new ProtoWriter().Int64(1, rowCount).Int64(1, dimensions).Int64(2, Float).String(8, RowsInput).Message(13, location).Int64(14, 1);
        return Model(
            new ProtoWriter()
                .Message(5, rows)
                .Message(11, Tensor(QueriesInput, Float, Symbolic("batch"), Fixed(dimensions)))
                .Message(11, Tensor(KInput, Int64, Fixed(1))));
    }

    // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12; the caller's writer
    // holds the initializers and inputs, which follow the nodes and the name.
    private static byte[] Model(ProtoWriter initializersAndInputs)
    {
        var gemm = Node("Gemm", "inner_products", [QueriesInput, RowsInput], ["scores"], IntAttr("transB", 1));
        var topK = Node("TopK", "top_k", ["scores", KInput], [ValuesOutput, IndicesOutput], IntAttr("axis", -1), IntAttr("largest", 1), IntAttr("sorted", 1));
        var graph = new ProtoWriter()
            .Message(1, gemm)
            .Message(1, topK)
            .String(2, "inner_product_top_k")
            .Raw(initializersAndInputs)
            .Message(12, Tensor(ValuesOutput, Float, Symbolic("batch"), Symbolic("candidates")))
            .Message(12, Tensor(IndicesOutput, Int64, Symbolic("batch"), Symbolic("candidates")));

        // OperatorSetIdProto: domain = 1, version = 2.
        var opset = new ProtoWriter().String(1, string.Empty).Int64(2, 13);

        // ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8.
        return new ProtoWriter()
            .Int64(1, 8)
            .String(2, "MemDsl.Onnx")
            .Message(7, graph)
            .Message(8, opset)
            .ToArray();
    }

    // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5.
    private static ProtoWriter Node(string opType, string name, string[] inputs, string[] outputs, params ProtoWriter[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, name).String(4, opType);
        foreach (var attribute in attributes)
        {
            node.Message(5, attribute);
        }

        return node;
    }

    // AttributeProto: name = 1, i = 3, type = 20.
    private static ProtoWriter IntAttr(string name, long value) => new ProtoWriter().String(1, name).Int64(3, value).Int64(20, IntAttribute);

    // ValueInfoProto: name = 1, type = 2; TypeProto: tensor_type = 1; TypeProto.Tensor: elem_type = 1, shape = 2;
    // TensorShapeProto: dim = 1.
    private static ProtoWriter Tensor(string name, int elementType, params ProtoWriter[] dimensions)
    {
        var shape = new ProtoWriter();
        foreach (var dimension in dimensions)
        {
            shape.Message(1, dimension);
        }

        var tensorType = new ProtoWriter().Int64(1, elementType).Message(2, shape);
        var type = new ProtoWriter().Message(1, tensorType);
        return new ProtoWriter().String(1, name).Message(2, type);
    }

    // TensorShapeProto.Dimension: dim_value = 1, dim_param = 2.
    private static ProtoWriter Symbolic(string name) => new ProtoWriter().String(2, name);

    private static ProtoWriter Fixed(long value) => new ProtoWriter().Int64(1, value);
}
