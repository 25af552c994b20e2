/// The OpenAPI 3.0 document of Quarry's HTTP API, served at `/openapi.json`. Written by
/// hand; `OpenAPIDocumentTests` checks that every route the router registers is in it,
/// and `Deploy/schemathesis.sh` checks the server against it.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.0.3",
      "info": {
        "title": "Quarry",
        "version": "1.0.0",
        "description": "Retrieval-augmented answers over one index file. Send `Authorization: Bearer <token>` when\#
     the server has a token (all routes but /healthz and /readyz)."
      },
      "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
          "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
              "error": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}
            }
          },
          "Chunk": {
            "type": "object",
            "required": ["chunk_id", "document", "byte_start", "byte_end", "text", "score", "rank"],
            "properties": {
              "chunk_id": {"type": "integer"},
              "document": {"type": "string"},
              "title": {"type": "string", "nullable": true},
              "byte_start": {"type": "integer"},
              "byte_end": {"type": "integer"},
              "text": {"type": "string"},
              "tokens": {"type": "integer"},
              "score": {"type": "number"},
              "rank": {"type": "integer"}
            }
          },
          "Citation": {
            "type": "object",
            "required": ["document", "chunk_id", "byte_start", "byte_end", "text"],
            "properties": {
              "document": {"type": "string"},
              "chunk_id": {"type": "integer"},
              "byte_start": {"type": "integer"},
              "byte_end": {"type": "integer"},
              "text": {"type": "string"}
            }
          },
          "Selector": {"type": "string", "enum": ["topk", "mcts"]},
          "Compression": {
            "description": "A rate (keep about 1/rate of the context's tokens), off, or auto (by generator and size).",
            "oneOf": [{"type": "number", "minimum": 1, "maximum": 20}, {"type": "string", "enum": ["off", "auto"]}]
          },
          "CompressionMethod": {
            "type": "string", "enum": ["stored", "lexical", "live", "contrastive", "truncate", "random"]
          },
          "QueryResult": {
            "type": "object",
            "required": ["question", "answer", "citations", "retrieved", "selected", "context_tokens", "timings_ms"],
            "properties": {
              "question": {"type": "string"},
              "answer": {"type": "string"},
              "citations": {"type": "array", "items": {"$ref": "#/components/schemas/Citation"}},
              "retrieved": {"type": "array", "items": {"$ref": "#/components/schemas/Chunk"}},
              "selected": {"type": "array", "items": {"type": "integer"}},
              "context_tokens": {"type": "integer"},
              "selector": {"type": "string"},
              "generator": {"type": "string"},
              "index_generation": {"type": "integer"},
              "answerable": {"type": "boolean", "description": "false: nothing in the index is close enough to\#
     the question; the answer says so and no generator ran"},
              "truncated": {"type": "boolean", "description": "the token limit cut the answer"},
              "best_similarity": {"type": "number", "description": "the highest cosine similarity of the\#
     question to a chunk (dense and hybrid retrieval), which answerable is judged by"},
              "timings_ms": {"type": "object", "additionalProperties": {"type": "number"}}
            }
          }
        },
        "responses": {
          "BadRequest": {
            "description": "The request is malformed; the message says what to fix.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "Unauthorized": {
            "description": "Missing or wrong bearer token.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "TooLarge": {
            "description": "The body (or the work it asks for) is over the server's limit.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "UnsupportedMediaType": {
            "description": "The body is not JSON (or, for uploads, multipart).",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "TooManyRequests": {
            "description": "This client has too many requests in flight, or sent too many wrong tokens this minute.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "CrossSite": {
            "description": "A write sent by a browser for another site (Origin, Sec-Fetch-Site) not listed with\#
     --allowed-origins.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "Busy": {
            "description": "Every slot of the model is busy and the queue full or waited out (see Retry-After), or\#
     the work passed its deadline or the server is stopping.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "Unavailable": {
            "description": "The model is busy (every slot taken and the queue full or waited out), the write passed\#
     its deadline, the server is stopping, or the index file cannot be written now (read-only, locked, disk full,\#
     damaged); the message says what to do, `Retry-After` when waiting helps.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "StoreUnavailable": {
            "description": "The index file cannot be written or read now (read-only, locked by another writer,\#
     disk full, damaged); the message says what to do, `Retry-After` when waiting helps.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          }
        }
      },
      "security": [{"bearer": []}, {}],
      "paths": {
        "/v1/query": {
          "post": {
            "summary": "Answer a question from the index, with citations.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "required": ["question"],
                    "properties": {
                      "question": {"type": "string", "minLength": 1, "maxLength": 4096},
                      "top_k": {"type": "integer", "minimum": 1, "maximum": 1000},
                      "budget": {"type": "integer", "minimum": 16, "maximum": 131072},
                      "selector": {"$ref": "#/components/schemas/Selector"},
                      "compression": {"$ref": "#/components/schemas/Compression"},
                      "compression_method": {"$ref": "#/components/schemas/CompressionMethod"},
                      "generator": {"type": "string", "enum": ["extractive", "local", "openai", "none"]},
                      "stream": {"type": "boolean"}
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The answer (or, with `stream`, server-sent events ending in `done`).",
                "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/QueryResult"}},
                  "text/event-stream": {
                    "schema": {
                      "type": "object",
                      "description": "one server-sent event",
                      "properties": {"event": {"type": "string"}, "data": {"type": "string"}}
                    }
                  }
                }
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/CrossSite"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "429": {"$ref": "#/components/responses/TooManyRequests"},
              "503": {"$ref": "#/components/responses/Busy"}
            }
          }
        },
        "/v1/chat/completions": {
          "post": {
            "summary": "OpenAI-compatible chat: answers the last user message from the index; citations in\#
     `citations`.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "required": ["messages"],
                    "properties": {
                      "model": {"type": "string"},
                      "messages": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                          "type": "object",
                          "required": ["role", "content"],
                          "properties": {
                            "role": {"type": "string"},
                            "content": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]}
                          }
                        }
                      },
                      "stream": {"type": "boolean"},
                      "max_tokens": {"type": "integer"},
                      "temperature": {"type": "number"},
                      "top_p": {"type": "number"},
                      "stop": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                      "top_k": {"type": "integer", "minimum": 1, "maximum": 1000},
                      "budget": {"type": "integer", "minimum": 16, "maximum": 131072},
                      "selector": {"$ref": "#/components/schemas/Selector"},
                      "compression": {"$ref": "#/components/schemas/Compression"},
                      "compression_method": {"$ref": "#/components/schemas/CompressionMethod"},
                      "generator": {"type": "string", "enum": ["extractive", "local", "openai"]}
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "A chat.completion (or, with `stream`, chat.completion.chunk events ending in\#
     `[DONE]`).",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["id", "object", "choices"],
                      "properties": {
                        "id": {"type": "string"},
                        "object": {"type": "string"},
                        "created": {"type": "integer"},
                        "model": {"type": "string"},
                        "choices": {"type": "array", "items": {"type": "object"}},
                        "citations": {"type": "array", "items": {"$ref": "#/components/schemas/Citation"}},
                        "usage": {
                          "type": "object",
                          "properties": {
                            "prompt_tokens": {"type": "integer"},
                            "completion_tokens": {"type": "integer"},
                            "total_tokens": {"type": "integer"}
                          }
                        }
                      }
                    }
                  },
                  "text/event-stream": {"schema": {"type": "string"}}
                }
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/CrossSite"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "429": {"$ref": "#/components/responses/TooManyRequests"},
              "503": {"$ref": "#/components/responses/Busy"},
              "502": {
                "description": "The generator's backend failed.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "504": {
                "description": "The generator's backend did not answer in time.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              }
            }
          }
        },
        "/v1/models": {
          "get": {
            "summary": "The generators this server answers with, as OpenAI models (`quarry:KIND`).",
            "responses": {
              "200": {
                "description": "A model list.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["object", "data"],
                      "properties": {
                        "object": {"type": "string"},
                        "data": {
                          "type": "array",
                          "items": {
                            "type": "object",
                            "required": ["id"],
                            "properties": {
                              "id": {"type": "string"},
                              "object": {"type": "string"},
                              "created": {"type": "integer"},
                              "owned_by": {"type": "string"}
                            }
                          }
                        }
                      }
                    }
                  }
                }
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "429": {"$ref": "#/components/responses/TooManyRequests"}
            }
          }
        },
        "/v1/embeddings": {
          "post": {
            "summary": "OpenAI-compatible embeddings from the server's embedder.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "required": ["input"],
                    "properties": {
                      "model": {"type": "string"},
                      "input": {
                        "oneOf": [
                          {"type": "string"},
                          {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 256}
                        ]
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "One embedding per input.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["object", "data", "model", "usage"],
                      "properties": {
                        "object": {"type": "string"},
                        "model": {"type": "string"},
                        "data": {
                          "type": "array",
                          "items": {
                            "type": "object",
                            "required": ["index", "embedding"],
                            "properties": {
                              "object": {"type": "string"},
                              "index": {"type": "integer"},
                              "embedding": {"type": "array", "items": {"type": "number"}}
                            }
                          }
                        },
                        "usage": {"type": "object"}
                      }
                    }
                  }
                }
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/CrossSite"},
              "404": {
                "description": "No embedder, or another model named.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "429": {"$ref": "#/components/responses/TooManyRequests"},
              "503": {"$ref": "#/components/responses/Busy"}
            }
          }
        },
        "/v1/documents": {
          "get": {
            "summary": "The indexed sources ordered by path, with their counts and the index generation.",
            "parameters": [
              {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}
            ],
            "responses": {
              "200": {
                "description": "One page of sources; `id` is set on documents pushed through this API.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["generation", "total", "offset", "sources"],
                      "properties": {
                        "generation": {"type": "integer"},
                        "total": {"type": "integer"},
                        "offset": {"type": "integer"},
                        "sources": {
                          "type": "array",
                          "items": {
                            "type": "object",
                            "required": ["path", "format", "bytes", "documents", "chunks", "indexed_at"],
                            "properties": {
                              "path": {"type": "string"},
                              "id": {"type": "string"},
                              "format": {"type": "string"},
                              "bytes": {"type": "integer"},
                              "documents": {"type": "integer"},
                              "chunks": {"type": "integer"},
                              "indexed_at": {"type": "number"}
                            }
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "429": {"$ref": "#/components/responses/TooManyRequests"}
            }
          },
          "post": {
            "summary": "Add a document, or replace the one with the same id.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                      "text": {"type": "string"},
                      "title": {"type": "string"},
                      "id": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,200}$"}
                    }
                  }
                },
                "multipart/form-data": {
                  "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                      "file": {"type": "string", "format": "binary"},
                      "title": {"type": "string"},
                      "id": {"type": "string"}
                    }
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Indexed.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["id", "chunks", "warnings"],
                      "properties": {"id": {"type": "string"}, "chunks": {"type": "integer", "minimum": 1},
                        "warnings": {"type": "array", "items": {"type": "string"}}}
                    }
                  }
                }
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/CrossSite"},
              "409": {
                "description": "The index and the server's embedder disagree.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {
                "description": "The document's content cannot be read or holds no text.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "429": {"$ref": "#/components/responses/TooManyRequests"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/documents/{id}": {
          "delete": {
            "summary": "Remove a document pushed with this id.",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {
              "204": {"description": "Removed."},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/CrossSite"},
              "404": {
                "description": "No such document.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "429": {"$ref": "#/components/responses/TooManyRequests"},
              "503": {"$ref": "#/components/responses/StoreUnavailable"}
            }
          }
        },
        "/v1/passage": {
          "get": {
            "summary": "A cited chunk's text from the index, with the cited byte range split out.",
            "parameters": [
              {"name": "document", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1}},
              {"name": "chunk_id", "in": "query", "required": true, "schema": {"type": "integer", "minimum": 1}},
              {"name": "byte_start", "in": "query", "schema": {"type": "integer", "minimum": 0}},
              {"name": "byte_end", "in": "query", "schema": {"type": "integer", "minimum": 0}}
            ],
            "responses": {
              "200": {
                "description": "The chunk; with a byte range, `before` + `highlight` + `after` is its `text`.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["document", "chunk_id", "byte_start", "byte_end", "text"],
                      "properties": {
                        "document": {"type": "string"},
                        "title": {"type": "string", "nullable": true},
                        "chunk_id": {"type": "integer"},
                        "byte_start": {"type": "integer"},
                        "byte_end": {"type": "integer"},
                        "text": {"type": "string"},
                        "before": {"type": "string"},
                        "highlight": {"type": "string"},
                        "after": {"type": "string"}
                      }
                    }
                  }
                }
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {
                "description": "The index has no such chunk in that document.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "429": {"$ref": "#/components/responses/TooManyRequests"}
            }
          }
        },
        "/": {
          "get": {
            "summary": "The web page (off with --no-ui); open without a token, its data requests are not.",
            "security": [],
            "responses": {
              "200": {"description": "HTML.", "content": {"text/html": {"schema": {"type": "string"}}}},
              "429": {"$ref": "#/components/responses/TooManyRequests"}
            }
          }
        },
        "/ui/page.css": {
          "get": {
            "summary": "The web page's stylesheet.",
            "security": [],
            "responses": {
              "200": {"description": "CSS.", "content": {"text/css": {"schema": {"type": "string"}}}},
              "429": {"$ref": "#/components/responses/TooManyRequests"}
            }
          }
        },
        "/ui/page.js": {
          "get": {
            "summary": "The web page's script.",
            "security": [],
            "responses": {
              "200": {"description": "JavaScript.", "content": {"text/javascript": {"schema": {"type": "string"}}}},
              "429": {"$ref": "#/components/responses/TooManyRequests"}
            }
          }
        },
        "/healthz": {
          "get": {
            "summary": "Liveness, with the index's size.",
            "security": [],
            "responses": {
              "200": {
                "description": "Up.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["status", "index", "documents", "chunks", "generation"],
                      "properties": {
                        "status": {"type": "string"},
                        "index": {"type": "string"},
                        "documents": {"type": "integer"},
                        "chunks": {"type": "integer"},
                        "generation": {"type": "integer"}
                      }
                    }
                  }
                }
              }
            }
          }
        },
        "/readyz": {
          "get": {
            "summary": "Readiness: the index answers; whether documents can be written now.",
            "security": [],
            "responses": {
              "200": {
                "description": "Ready to answer; `writes` says whether pushed documents can be written.",
                "content": {
                  "application/json": {
                    "schema": {"type": "object", "required": ["status", "writes"], "properties": {
                      "status": {"type": "string", "enum": ["ready"]},
                      "writes": {"type": "string", "enum": ["available", "unavailable"]},
                      "reason": {"type": "string"}}}
                  }
                }
              },
              "503": {
                "description": "Not ready.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              }
            }
          }
        },
        "/metrics": {
          "get": {
            "summary": "Prometheus metrics.",
            "responses": {
              "200": {
                "description": "Prometheus text format.",
                "content": {"text/plain": {"schema": {"type": "string"}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "429": {"$ref": "#/components/responses/TooManyRequests"}
            }
          }
        },
        "/openapi.json": {
          "get": {
            "summary": "This document.",
            "responses": {
              "200": {"description": "OpenAPI 3.0.", "content": {"application/json": {"schema": {"type": "object"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "429": {"$ref": "#/components/responses/TooManyRequests"}
            }
          }
        }
      }
    }
    """#
}
