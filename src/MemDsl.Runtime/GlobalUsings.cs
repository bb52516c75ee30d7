global using System.Buffers;
global using MemDsl.Abstractions;
