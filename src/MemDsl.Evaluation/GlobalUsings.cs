global using MemDsl.Abstractions;
global using MemDsl.Model;
