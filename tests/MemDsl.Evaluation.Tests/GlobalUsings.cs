global using MemDsl.Abstractions;
