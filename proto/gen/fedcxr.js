/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const fedcxr = $root.fedcxr = (() => {

    /**
     * Namespace fedcxr.
     * @exports fedcxr
     * @namespace
     */
    const fedcxr = {};

    fedcxr.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof fedcxr
         * @namespace
         */
        const v1 = {};

        /**
         * DType enum.
         * @name fedcxr.v1.DType
         * @enum {number}
         * @property {number} DTYPE_UNSPECIFIED=0 DTYPE_UNSPECIFIED value
         * @property {number} FLOAT32=1 FLOAT32 value
         * @property {number} FLOAT16=2 FLOAT16 value
         */
        v1.DType = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "DTYPE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "FLOAT32"] = 1;
            values[valuesById[2] = "FLOAT16"] = 2;
            return values;
        })();

        v1.Tensor = (function() {

            /**
             * Properties of a Tensor.
             * @typedef {Object} fedcxr.v1.Tensor.$Properties
             * @property {string|null} [name] Tensor name
             * @property {fedcxr.v1.DType|null} [dtype] Tensor dtype
             * @property {Array.<number>|null} [shape] Tensor shape
             * @property {Uint8Array|null} [data] Tensor data
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Tensor.
             * @memberof fedcxr.v1
             * @interface ITensor
             * @augments fedcxr.v1.Tensor.$Properties
             * @deprecated Use fedcxr.v1.Tensor.$Properties instead.
             */

            /**
             * Shape of a Tensor.
             * @typedef {fedcxr.v1.Tensor.$Properties} fedcxr.v1.Tensor.$Shape
             */

            /**
             * Constructs a new Tensor.
             * @memberof fedcxr.v1
             * @classdesc Represents a Tensor.
             * @constructor
             * @param {fedcxr.v1.Tensor.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Tensor = function (properties) {
                this.shape = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Tensor name.
             * @member {string} name
             * @memberof fedcxr.v1.Tensor
             * @instance
             */
            Tensor.prototype.name = "";

            /**
             * Tensor dtype.
             * @member {fedcxr.v1.DType} dtype
             * @memberof fedcxr.v1.Tensor
             * @instance
             */
            Tensor.prototype.dtype = 0;

            /**
             * Tensor shape.
             * @member {Array.<number>} shape
             * @memberof fedcxr.v1.Tensor
             * @instance
             */
            Tensor.prototype.shape = $util.emptyArray;

            /**
             * Tensor data.
             * @member {Uint8Array} data
             * @memberof fedcxr.v1.Tensor
             * @instance
             */
            Tensor.prototype.data = $util.newBuffer([]);

            /**
             * Creates a new Tensor instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Tensor
             * @static
             * @param {fedcxr.v1.Tensor.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Tensor} Tensor instance
             * @type {{
             *   (properties: fedcxr.v1.Tensor.$Shape): fedcxr.v1.Tensor & fedcxr.v1.Tensor.$Shape;
             *   (properties?: fedcxr.v1.Tensor.$Properties): fedcxr.v1.Tensor;
             * }}
             */
            Tensor.create = function(properties) {
                return new Tensor(properties);
            };

            /**
             * Encodes the specified Tensor message. Does not implicitly {@link fedcxr.v1.Tensor.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Tensor
             * @static
             * @param {fedcxr.v1.Tensor.$Properties} message Tensor message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Tensor.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                if (message.dtype != null && $Object.hasOwnProperty.call(message, "dtype") && message.dtype !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.dtype);
                if (message.shape != null && message.shape.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).uint32s(message.shape);
                if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.data);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Tensor message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Tensor
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Tensor & fedcxr.v1.Tensor.$Shape} Tensor
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Tensor.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Tensor();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.name = value;
                            else
                                delete message.name;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.dtype = value;
                            else
                                delete message.dtype;
                            continue;
                        }
                    case 3: {
                            if (wireType === 2) {
                                if (!(message.shape && message.shape.length))
                                    message.shape = [];
                                reader.uint32s(message.shape);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.shape && message.shape.length))
                                message.shape = [];
                            message.shape.push(reader.uint32());
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.data = value;
                            else
                                delete message.data;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Tensor;
        })();

        v1.TensorSet = (function() {

            /**
             * Properties of a TensorSet.
             * @typedef {Object} fedcxr.v1.TensorSet.$Properties
             * @property {Array.<fedcxr.v1.Tensor.$Properties>|null} [tensors] TensorSet tensors
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a TensorSet.
             * @memberof fedcxr.v1
             * @interface ITensorSet
             * @augments fedcxr.v1.TensorSet.$Properties
             * @deprecated Use fedcxr.v1.TensorSet.$Properties instead.
             */

            /**
             * Shape of a TensorSet.
             * @typedef {fedcxr.v1.TensorSet.$Properties} fedcxr.v1.TensorSet.$Shape
             */

            /**
             * Constructs a new TensorSet.
             * @memberof fedcxr.v1
             * @classdesc Represents a TensorSet.
             * @constructor
             * @param {fedcxr.v1.TensorSet.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const TensorSet = function (properties) {
                this.tensors = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * TensorSet tensors.
             * @member {Array.<fedcxr.v1.Tensor.$Properties>} tensors
             * @memberof fedcxr.v1.TensorSet
             * @instance
             */
            TensorSet.prototype.tensors = $util.emptyArray;

            /**
             * Creates a new TensorSet instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.TensorSet
             * @static
             * @param {fedcxr.v1.TensorSet.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.TensorSet} TensorSet instance
             * @type {{
             *   (properties: fedcxr.v1.TensorSet.$Shape): fedcxr.v1.TensorSet & fedcxr.v1.TensorSet.$Shape;
             *   (properties?: fedcxr.v1.TensorSet.$Properties): fedcxr.v1.TensorSet;
             * }}
             */
            TensorSet.create = function(properties) {
                return new TensorSet(properties);
            };

            /**
             * Encodes the specified TensorSet message. Does not implicitly {@link fedcxr.v1.TensorSet.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.TensorSet
             * @static
             * @param {fedcxr.v1.TensorSet.$Properties} message TensorSet message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            TensorSet.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.tensors != null && message.tensors.length)
                    for (let i = 0; i < message.tensors.length; ++i)
                        $root.fedcxr.v1.Tensor.encode(message.tensors[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a TensorSet message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.TensorSet
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.TensorSet & fedcxr.v1.TensorSet.$Shape} TensorSet
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            TensorSet.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.TensorSet();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.tensors && message.tensors.length))
                                message.tensors = [];
                            message.tensors.push($root.fedcxr.v1.Tensor.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return TensorSet;
        })();

        v1.Chunk = (function() {

            /**
             * Properties of a Chunk.
             * @typedef {Object} fedcxr.v1.Chunk.$Properties
             * @property {string|null} [transferId] Chunk transferId
             * @property {number|null} [index] Chunk index
             * @property {number|null} [count] Chunk count
             * @property {number|null} [totalBytes] Chunk totalBytes
             * @property {Uint8Array|null} [sha256] Chunk sha256
             * @property {number|null} [offset] Chunk offset
             * @property {Uint8Array|null} [data] Chunk data
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Chunk.
             * @memberof fedcxr.v1
             * @interface IChunk
             * @augments fedcxr.v1.Chunk.$Properties
             * @deprecated Use fedcxr.v1.Chunk.$Properties instead.
             */

            /**
             * Shape of a Chunk.
             * @typedef {fedcxr.v1.Chunk.$Properties} fedcxr.v1.Chunk.$Shape
             */

            /**
             * Constructs a new Chunk.
             * @memberof fedcxr.v1
             * @classdesc Represents a Chunk.
             * @constructor
             * @param {fedcxr.v1.Chunk.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Chunk = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Chunk transferId.
             * @member {string} transferId
             * @memberof fedcxr.v1.Chunk
             * @instance
             */
            Chunk.prototype.transferId = "";

            /**
             * Chunk index.
             * @member {number} index
             * @memberof fedcxr.v1.Chunk
             * @instance
             */
            Chunk.prototype.index = 0;

            /**
             * Chunk count.
             * @member {number} count
             * @memberof fedcxr.v1.Chunk
             * @instance
             */
            Chunk.prototype.count = 0;

            /**
             * Chunk totalBytes.
             * @member {number} totalBytes
             * @memberof fedcxr.v1.Chunk
             * @instance
             */
            Chunk.prototype.totalBytes = 0;

            /**
             * Chunk sha256.
             * @member {Uint8Array} sha256
             * @memberof fedcxr.v1.Chunk
             * @instance
             */
            Chunk.prototype.sha256 = $util.newBuffer([]);

            /**
             * Chunk offset.
             * @member {number} offset
             * @memberof fedcxr.v1.Chunk
             * @instance
             */
            Chunk.prototype.offset = 0;

            /**
             * Chunk data.
             * @member {Uint8Array} data
             * @memberof fedcxr.v1.Chunk
             * @instance
             */
            Chunk.prototype.data = $util.newBuffer([]);

            /**
             * Creates a new Chunk instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Chunk
             * @static
             * @param {fedcxr.v1.Chunk.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Chunk} Chunk instance
             * @type {{
             *   (properties: fedcxr.v1.Chunk.$Shape): fedcxr.v1.Chunk & fedcxr.v1.Chunk.$Shape;
             *   (properties?: fedcxr.v1.Chunk.$Properties): fedcxr.v1.Chunk;
             * }}
             */
            Chunk.create = function(properties) {
                return new Chunk(properties);
            };

            /**
             * Encodes the specified Chunk message. Does not implicitly {@link fedcxr.v1.Chunk.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Chunk
             * @static
             * @param {fedcxr.v1.Chunk.$Properties} message Chunk message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Chunk.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.transferId != null && $Object.hasOwnProperty.call(message, "transferId") && message.transferId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.transferId);
                if (message.index != null && $Object.hasOwnProperty.call(message, "index") && message.index !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.index);
                if (message.count != null && $Object.hasOwnProperty.call(message, "count") && message.count !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.count);
                if (message.totalBytes != null && $Object.hasOwnProperty.call(message, "totalBytes") && message.totalBytes !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.totalBytes);
                if (message.sha256 != null && $Object.hasOwnProperty.call(message, "sha256") && message.sha256.length)
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.sha256);
                if (message.offset != null && $Object.hasOwnProperty.call(message, "offset") && message.offset !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.offset);
                if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
                    writer.uint32(/* id 7, wireType 2 =*/58).bytes(message.data);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Chunk message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Chunk
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Chunk & fedcxr.v1.Chunk.$Shape} Chunk
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Chunk.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Chunk();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.transferId = value;
                            else
                                delete message.transferId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.index = value;
                            else
                                delete message.index;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.count = value;
                            else
                                delete message.count;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.totalBytes = value;
                            else
                                delete message.totalBytes;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.sha256 = value;
                            else
                                delete message.sha256;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.offset = value;
                            else
                                delete message.offset;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.data = value;
                            else
                                delete message.data;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Chunk;
        })();

        v1.Envelope = (function() {

            /**
             * Properties of an Envelope.
             * @typedef {Object} fedcxr.v1.Envelope.$Properties
             * @property {Uint8Array|null} [inline] Envelope inline
             * @property {string|null} [transferId] Envelope transferId
             * @property {"inline"|"transferId"} [body] Envelope body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Envelope.
             * @memberof fedcxr.v1
             * @interface IEnvelope
             * @augments fedcxr.v1.Envelope.$Properties
             * @deprecated Use fedcxr.v1.Envelope.$Properties instead.
             */

            /**
             * Narrowed shape of an Envelope.
             * @typedef {{
             *   inline?: Uint8Array|null;
             *   transferId?: string|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; inline?: null; transferId?: null }|{ body?: "inline"; inline: Uint8Array; transferId?: null }|{ body?: "transferId"; inline?: null; transferId: string })
             * )} fedcxr.v1.Envelope.$Shape
             */

            /**
             * Constructs a new Envelope.
             * @memberof fedcxr.v1
             * @classdesc Represents an Envelope.
             * @constructor
             * @param {fedcxr.v1.Envelope.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Envelope = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Envelope inline.
             * @member {Uint8Array|null|undefined} inline
             * @memberof fedcxr.v1.Envelope
             * @instance
             */
            Envelope.prototype.inline = null;

            /**
             * Envelope transferId.
             * @member {string|null|undefined} transferId
             * @memberof fedcxr.v1.Envelope
             * @instance
             */
            Envelope.prototype.transferId = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Envelope body.
             * @member {"inline"|"transferId"|undefined} body
             * @memberof fedcxr.v1.Envelope
             * @instance
             */
            $Object.defineProperty(Envelope.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["inline", "transferId"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Envelope instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Envelope
             * @static
             * @param {fedcxr.v1.Envelope.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Envelope} Envelope instance
             * @type {{
             *   (properties: fedcxr.v1.Envelope.$Shape): fedcxr.v1.Envelope & fedcxr.v1.Envelope.$Shape;
             *   (properties?: fedcxr.v1.Envelope.$Properties): fedcxr.v1.Envelope;
             * }}
             */
            Envelope.create = function(properties) {
                return new Envelope(properties);
            };

            /**
             * Encodes the specified Envelope message. Does not implicitly {@link fedcxr.v1.Envelope.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Envelope
             * @static
             * @param {fedcxr.v1.Envelope.$Properties} message Envelope message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Envelope.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.inline != null && $Object.hasOwnProperty.call(message, "inline"))
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.inline);
                if (message.transferId != null && $Object.hasOwnProperty.call(message, "transferId"))
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.transferId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Envelope message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Envelope
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Envelope & fedcxr.v1.Envelope.$Shape} Envelope
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Envelope.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Envelope();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.inline = reader.bytes();
                            message.body = "inline";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.transferId = reader.stringVerify();
                            message.body = "transferId";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Envelope;
        })();

        /**
         * ErrorCode enum.
         * @name fedcxr.v1.ErrorCode
         * @enum {number}
         * @property {number} ERROR_CODE_UNSPECIFIED=0 ERROR_CODE_UNSPECIFIED value
         * @property {number} PROTOCOL=1 PROTOCOL value
         * @property {number} AUTH=2 AUTH value
         * @property {number} VERSION=3 VERSION value
         * @property {number} VALUE=4 VALUE value
         * @property {number} STALE=5 STALE value
         * @property {number} LIMIT=6 LIMIT value
         * @property {number} TIMEOUT=7 TIMEOUT value
         * @property {number} INTERNAL=8 INTERNAL value
         * @property {number} UNAVAILABLE=9 UNAVAILABLE value
         */
        v1.ErrorCode = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ERROR_CODE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "PROTOCOL"] = 1;
            values[valuesById[2] = "AUTH"] = 2;
            values[valuesById[3] = "VERSION"] = 3;
            values[valuesById[4] = "VALUE"] = 4;
            values[valuesById[5] = "STALE"] = 5;
            values[valuesById[6] = "LIMIT"] = 6;
            values[valuesById[7] = "TIMEOUT"] = 7;
            values[valuesById[8] = "INTERNAL"] = 8;
            values[valuesById[9] = "UNAVAILABLE"] = 9;
            return values;
        })();

        v1.Error = (function() {

            /**
             * Properties of an Error.
             * @typedef {Object} fedcxr.v1.Error.$Properties
             * @property {fedcxr.v1.ErrorCode|null} [code] Error code
             * @property {string|null} [message] Error message
             * @property {string|null} [field] Error field
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Error.
             * @memberof fedcxr.v1
             * @interface IError
             * @augments fedcxr.v1.Error.$Properties
             * @deprecated Use fedcxr.v1.Error.$Properties instead.
             */

            /**
             * Shape of an Error.
             * @typedef {fedcxr.v1.Error.$Properties} fedcxr.v1.Error.$Shape
             */

            /**
             * Constructs a new Error.
             * @memberof fedcxr.v1
             * @classdesc Represents an Error.
             * @constructor
             * @param {fedcxr.v1.Error.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Error = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Error code.
             * @member {fedcxr.v1.ErrorCode} code
             * @memberof fedcxr.v1.Error
             * @instance
             */
            Error.prototype.code = 0;

            /**
             * Error message.
             * @member {string} message
             * @memberof fedcxr.v1.Error
             * @instance
             */
            Error.prototype.message = "";

            /**
             * Error field.
             * @member {string} field
             * @memberof fedcxr.v1.Error
             * @instance
             */
            Error.prototype.field = "";

            /**
             * Creates a new Error instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Error
             * @static
             * @param {fedcxr.v1.Error.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Error} Error instance
             * @type {{
             *   (properties: fedcxr.v1.Error.$Shape): fedcxr.v1.Error & fedcxr.v1.Error.$Shape;
             *   (properties?: fedcxr.v1.Error.$Properties): fedcxr.v1.Error;
             * }}
             */
            Error.create = function(properties) {
                return new Error(properties);
            };

            /**
             * Encodes the specified Error message. Does not implicitly {@link fedcxr.v1.Error.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Error
             * @static
             * @param {fedcxr.v1.Error.$Properties} message Error message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Error.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.code);
                if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
                if (message.field != null && $Object.hasOwnProperty.call(message, "field") && message.field !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.field);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Error message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Error
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Error & fedcxr.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Error.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Error();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.code = value;
                            else
                                delete message.code;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.message = value;
                            else
                                delete message.message;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.field = value;
                            else
                                delete message.field;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Error;
        })();

        v1.Ok = (function() {

            /**
             * Properties of an Ok.
             * @typedef {Object} fedcxr.v1.Ok.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Ok.
             * @memberof fedcxr.v1
             * @interface IOk
             * @augments fedcxr.v1.Ok.$Properties
             * @deprecated Use fedcxr.v1.Ok.$Properties instead.
             */

            /**
             * Shape of an Ok.
             * @typedef {fedcxr.v1.Ok.$Properties} fedcxr.v1.Ok.$Shape
             */

            /**
             * Constructs a new Ok.
             * @memberof fedcxr.v1
             * @classdesc Represents an Ok.
             * @constructor
             * @param {fedcxr.v1.Ok.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Ok = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new Ok instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Ok
             * @static
             * @param {fedcxr.v1.Ok.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Ok} Ok instance
             * @type {{
             *   (properties: fedcxr.v1.Ok.$Shape): fedcxr.v1.Ok & fedcxr.v1.Ok.$Shape;
             *   (properties?: fedcxr.v1.Ok.$Properties): fedcxr.v1.Ok;
             * }}
             */
            Ok.create = function(properties) {
                return new Ok(properties);
            };

            /**
             * Encodes the specified Ok message. Does not implicitly {@link fedcxr.v1.Ok.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Ok
             * @static
             * @param {fedcxr.v1.Ok.$Properties} message Ok message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Ok.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Ok message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Ok
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Ok & fedcxr.v1.Ok.$Shape} Ok
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Ok.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Ok();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Ok;
        })();

        v1.Reply = (function() {

            /**
             * Properties of a Reply.
             * @typedef {Object} fedcxr.v1.Reply.$Properties
             * @property {fedcxr.v1.Error.$Properties|null} [error] Reply error
             * @property {fedcxr.v1.Ok.$Properties|null} [ok] Reply ok
             * @property {fedcxr.v1.Challenge.$Properties|null} [challenge] Reply challenge
             * @property {fedcxr.v1.ServerProof.$Properties|null} [serverProof] Reply serverProof
             * @property {fedcxr.v1.PrepareAck.$Properties|null} [prepare] Reply prepare
             * @property {"error"|"ok"|"challenge"|"serverProof"|"prepare"} [body] Reply body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Reply.
             * @memberof fedcxr.v1
             * @interface IReply
             * @augments fedcxr.v1.Reply.$Properties
             * @deprecated Use fedcxr.v1.Reply.$Properties instead.
             */

            /**
             * Narrowed shape of a Reply.
             * @typedef {{
             *   error?: fedcxr.v1.Error.$Shape|null;
             *   ok?: fedcxr.v1.Ok.$Shape|null;
             *   challenge?: fedcxr.v1.Challenge.$Shape|null;
             *   serverProof?: fedcxr.v1.ServerProof.$Shape|null;
             *   prepare?: fedcxr.v1.PrepareAck.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; error?: null; ok?: null; challenge?: null; serverProof?: null; prepare?: null }|{ body?: "error"; error: fedcxr.v1.Error.$Shape; ok?: null; challenge?: null; serverProof?: null; prepare?: null }|{ body?: "ok"; error?: null; ok: fedcxr.v1.Ok.$Shape; challenge?: null; serverProof?: null; prepare?: null }|{ body?: "challenge"; error?: null; ok?: null; challenge: fedcxr.v1.Challenge.$Shape; serverProof?: null; prepare?: null }|{ body?: "serverProof"; error?: null; ok?: null; challenge?: null; serverProof: fedcxr.v1.ServerProof.$Shape; prepare?: null }|{ body?: "prepare"; error?: null; ok?: null; challenge?: null; serverProof?: null; prepare: fedcxr.v1.PrepareAck.$Shape })
             * )} fedcxr.v1.Reply.$Shape
             */

            /**
             * Constructs a new Reply.
             * @memberof fedcxr.v1
             * @classdesc Represents a Reply.
             * @constructor
             * @param {fedcxr.v1.Reply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Reply = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Reply error.
             * @member {fedcxr.v1.Error.$Properties|null|undefined} error
             * @memberof fedcxr.v1.Reply
             * @instance
             */
            Reply.prototype.error = null;

            /**
             * Reply ok.
             * @member {fedcxr.v1.Ok.$Properties|null|undefined} ok
             * @memberof fedcxr.v1.Reply
             * @instance
             */
            Reply.prototype.ok = null;

            /**
             * Reply challenge.
             * @member {fedcxr.v1.Challenge.$Properties|null|undefined} challenge
             * @memberof fedcxr.v1.Reply
             * @instance
             */
            Reply.prototype.challenge = null;

            /**
             * Reply serverProof.
             * @member {fedcxr.v1.ServerProof.$Properties|null|undefined} serverProof
             * @memberof fedcxr.v1.Reply
             * @instance
             */
            Reply.prototype.serverProof = null;

            /**
             * Reply prepare.
             * @member {fedcxr.v1.PrepareAck.$Properties|null|undefined} prepare
             * @memberof fedcxr.v1.Reply
             * @instance
             */
            Reply.prototype.prepare = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Reply body.
             * @member {"error"|"ok"|"challenge"|"serverProof"|"prepare"|undefined} body
             * @memberof fedcxr.v1.Reply
             * @instance
             */
            $Object.defineProperty(Reply.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["error", "ok", "challenge", "serverProof", "prepare"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Reply instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Reply
             * @static
             * @param {fedcxr.v1.Reply.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Reply} Reply instance
             * @type {{
             *   (properties: fedcxr.v1.Reply.$Shape): fedcxr.v1.Reply & fedcxr.v1.Reply.$Shape;
             *   (properties?: fedcxr.v1.Reply.$Properties): fedcxr.v1.Reply;
             * }}
             */
            Reply.create = function(properties) {
                return new Reply(properties);
            };

            /**
             * Encodes the specified Reply message. Does not implicitly {@link fedcxr.v1.Reply.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Reply
             * @static
             * @param {fedcxr.v1.Reply.$Properties} message Reply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Reply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.error != null && $Object.hasOwnProperty.call(message, "error"))
                    $root.fedcxr.v1.Error.encode(message.error, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.ok != null && $Object.hasOwnProperty.call(message, "ok"))
                    $root.fedcxr.v1.Ok.encode(message.ok, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.challenge != null && $Object.hasOwnProperty.call(message, "challenge"))
                    $root.fedcxr.v1.Challenge.encode(message.challenge, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.serverProof != null && $Object.hasOwnProperty.call(message, "serverProof"))
                    $root.fedcxr.v1.ServerProof.encode(message.serverProof, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.prepare != null && $Object.hasOwnProperty.call(message, "prepare"))
                    $root.fedcxr.v1.PrepareAck.encode(message.prepare, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Reply message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Reply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Reply & fedcxr.v1.Reply.$Shape} Reply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Reply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Reply();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.error = $root.fedcxr.v1.Error.decode(reader, reader.size(), $undefined, _depth + 1, message.error);
                            message.body = "error";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.ok = $root.fedcxr.v1.Ok.decode(reader, reader.size(), $undefined, _depth + 1, message.ok);
                            message.body = "ok";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.challenge = $root.fedcxr.v1.Challenge.decode(reader, reader.size(), $undefined, _depth + 1, message.challenge);
                            message.body = "challenge";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.serverProof = $root.fedcxr.v1.ServerProof.decode(reader, reader.size(), $undefined, _depth + 1, message.serverProof);
                            message.body = "serverProof";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.prepare = $root.fedcxr.v1.PrepareAck.decode(reader, reader.size(), $undefined, _depth + 1, message.prepare);
                            message.body = "prepare";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Reply;
        })();

        v1.Hello = (function() {

            /**
             * Properties of a Hello.
             * @typedef {Object} fedcxr.v1.Hello.$Properties
             * @property {string|null} [siteId] Hello siteId
             * @property {number|null} [protocolVersion] Hello protocolVersion
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Hello.
             * @memberof fedcxr.v1
             * @interface IHello
             * @augments fedcxr.v1.Hello.$Properties
             * @deprecated Use fedcxr.v1.Hello.$Properties instead.
             */

            /**
             * Shape of a Hello.
             * @typedef {fedcxr.v1.Hello.$Properties} fedcxr.v1.Hello.$Shape
             */

            /**
             * Constructs a new Hello.
             * @memberof fedcxr.v1
             * @classdesc Represents a Hello.
             * @constructor
             * @param {fedcxr.v1.Hello.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Hello = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Hello siteId.
             * @member {string} siteId
             * @memberof fedcxr.v1.Hello
             * @instance
             */
            Hello.prototype.siteId = "";

            /**
             * Hello protocolVersion.
             * @member {number} protocolVersion
             * @memberof fedcxr.v1.Hello
             * @instance
             */
            Hello.prototype.protocolVersion = 0;

            /**
             * Creates a new Hello instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Hello
             * @static
             * @param {fedcxr.v1.Hello.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Hello} Hello instance
             * @type {{
             *   (properties: fedcxr.v1.Hello.$Shape): fedcxr.v1.Hello & fedcxr.v1.Hello.$Shape;
             *   (properties?: fedcxr.v1.Hello.$Properties): fedcxr.v1.Hello;
             * }}
             */
            Hello.create = function(properties) {
                return new Hello(properties);
            };

            /**
             * Encodes the specified Hello message. Does not implicitly {@link fedcxr.v1.Hello.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Hello
             * @static
             * @param {fedcxr.v1.Hello.$Properties} message Hello message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Hello.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.siteId != null && $Object.hasOwnProperty.call(message, "siteId") && message.siteId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.siteId);
                if (message.protocolVersion != null && $Object.hasOwnProperty.call(message, "protocolVersion") && message.protocolVersion !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.protocolVersion);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Hello message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Hello
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Hello & fedcxr.v1.Hello.$Shape} Hello
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Hello.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Hello();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.siteId = value;
                            else
                                delete message.siteId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.protocolVersion = value;
                            else
                                delete message.protocolVersion;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Hello;
        })();

        v1.Challenge = (function() {

            /**
             * Properties of a Challenge.
             * @typedef {Object} fedcxr.v1.Challenge.$Properties
             * @property {number|null} [protocolVersion] Challenge protocolVersion
             * @property {Uint8Array|null} [serverNonce] Challenge serverNonce
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Challenge.
             * @memberof fedcxr.v1
             * @interface IChallenge
             * @augments fedcxr.v1.Challenge.$Properties
             * @deprecated Use fedcxr.v1.Challenge.$Properties instead.
             */

            /**
             * Shape of a Challenge.
             * @typedef {fedcxr.v1.Challenge.$Properties} fedcxr.v1.Challenge.$Shape
             */

            /**
             * Constructs a new Challenge.
             * @memberof fedcxr.v1
             * @classdesc Represents a Challenge.
             * @constructor
             * @param {fedcxr.v1.Challenge.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Challenge = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Challenge protocolVersion.
             * @member {number} protocolVersion
             * @memberof fedcxr.v1.Challenge
             * @instance
             */
            Challenge.prototype.protocolVersion = 0;

            /**
             * Challenge serverNonce.
             * @member {Uint8Array} serverNonce
             * @memberof fedcxr.v1.Challenge
             * @instance
             */
            Challenge.prototype.serverNonce = $util.newBuffer([]);

            /**
             * Creates a new Challenge instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Challenge
             * @static
             * @param {fedcxr.v1.Challenge.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Challenge} Challenge instance
             * @type {{
             *   (properties: fedcxr.v1.Challenge.$Shape): fedcxr.v1.Challenge & fedcxr.v1.Challenge.$Shape;
             *   (properties?: fedcxr.v1.Challenge.$Properties): fedcxr.v1.Challenge;
             * }}
             */
            Challenge.create = function(properties) {
                return new Challenge(properties);
            };

            /**
             * Encodes the specified Challenge message. Does not implicitly {@link fedcxr.v1.Challenge.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Challenge
             * @static
             * @param {fedcxr.v1.Challenge.$Properties} message Challenge message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Challenge.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.protocolVersion != null && $Object.hasOwnProperty.call(message, "protocolVersion") && message.protocolVersion !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.protocolVersion);
                if (message.serverNonce != null && $Object.hasOwnProperty.call(message, "serverNonce") && message.serverNonce.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.serverNonce);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Challenge message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Challenge
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Challenge & fedcxr.v1.Challenge.$Shape} Challenge
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Challenge.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Challenge();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.protocolVersion = value;
                            else
                                delete message.protocolVersion;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.serverNonce = value;
                            else
                                delete message.serverNonce;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Challenge;
        })();

        v1.ChallengeResponse = (function() {

            /**
             * Properties of a ChallengeResponse.
             * @typedef {Object} fedcxr.v1.ChallengeResponse.$Properties
             * @property {string|null} [siteId] ChallengeResponse siteId
             * @property {Uint8Array|null} [siteNonce] ChallengeResponse siteNonce
             * @property {Uint8Array|null} [siteProof] ChallengeResponse siteProof
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ChallengeResponse.
             * @memberof fedcxr.v1
             * @interface IChallengeResponse
             * @augments fedcxr.v1.ChallengeResponse.$Properties
             * @deprecated Use fedcxr.v1.ChallengeResponse.$Properties instead.
             */

            /**
             * Shape of a ChallengeResponse.
             * @typedef {fedcxr.v1.ChallengeResponse.$Properties} fedcxr.v1.ChallengeResponse.$Shape
             */

            /**
             * Constructs a new ChallengeResponse.
             * @memberof fedcxr.v1
             * @classdesc Represents a ChallengeResponse.
             * @constructor
             * @param {fedcxr.v1.ChallengeResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ChallengeResponse = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ChallengeResponse siteId.
             * @member {string} siteId
             * @memberof fedcxr.v1.ChallengeResponse
             * @instance
             */
            ChallengeResponse.prototype.siteId = "";

            /**
             * ChallengeResponse siteNonce.
             * @member {Uint8Array} siteNonce
             * @memberof fedcxr.v1.ChallengeResponse
             * @instance
             */
            ChallengeResponse.prototype.siteNonce = $util.newBuffer([]);

            /**
             * ChallengeResponse siteProof.
             * @member {Uint8Array} siteProof
             * @memberof fedcxr.v1.ChallengeResponse
             * @instance
             */
            ChallengeResponse.prototype.siteProof = $util.newBuffer([]);

            /**
             * Creates a new ChallengeResponse instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.ChallengeResponse
             * @static
             * @param {fedcxr.v1.ChallengeResponse.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.ChallengeResponse} ChallengeResponse instance
             * @type {{
             *   (properties: fedcxr.v1.ChallengeResponse.$Shape): fedcxr.v1.ChallengeResponse & fedcxr.v1.ChallengeResponse.$Shape;
             *   (properties?: fedcxr.v1.ChallengeResponse.$Properties): fedcxr.v1.ChallengeResponse;
             * }}
             */
            ChallengeResponse.create = function(properties) {
                return new ChallengeResponse(properties);
            };

            /**
             * Encodes the specified ChallengeResponse message. Does not implicitly {@link fedcxr.v1.ChallengeResponse.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.ChallengeResponse
             * @static
             * @param {fedcxr.v1.ChallengeResponse.$Properties} message ChallengeResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ChallengeResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.siteId != null && $Object.hasOwnProperty.call(message, "siteId") && message.siteId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.siteId);
                if (message.siteNonce != null && $Object.hasOwnProperty.call(message, "siteNonce") && message.siteNonce.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.siteNonce);
                if (message.siteProof != null && $Object.hasOwnProperty.call(message, "siteProof") && message.siteProof.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.siteProof);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ChallengeResponse message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.ChallengeResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.ChallengeResponse & fedcxr.v1.ChallengeResponse.$Shape} ChallengeResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ChallengeResponse.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.ChallengeResponse();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.siteId = value;
                            else
                                delete message.siteId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.siteNonce = value;
                            else
                                delete message.siteNonce;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.siteProof = value;
                            else
                                delete message.siteProof;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ChallengeResponse;
        })();

        v1.ServerProof = (function() {

            /**
             * Properties of a ServerProof.
             * @typedef {Object} fedcxr.v1.ServerProof.$Properties
             * @property {Uint8Array|null} [coordinatorProof] ServerProof coordinatorProof
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ServerProof.
             * @memberof fedcxr.v1
             * @interface IServerProof
             * @augments fedcxr.v1.ServerProof.$Properties
             * @deprecated Use fedcxr.v1.ServerProof.$Properties instead.
             */

            /**
             * Shape of a ServerProof.
             * @typedef {fedcxr.v1.ServerProof.$Properties} fedcxr.v1.ServerProof.$Shape
             */

            /**
             * Constructs a new ServerProof.
             * @memberof fedcxr.v1
             * @classdesc Represents a ServerProof.
             * @constructor
             * @param {fedcxr.v1.ServerProof.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ServerProof = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ServerProof coordinatorProof.
             * @member {Uint8Array} coordinatorProof
             * @memberof fedcxr.v1.ServerProof
             * @instance
             */
            ServerProof.prototype.coordinatorProof = $util.newBuffer([]);

            /**
             * Creates a new ServerProof instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.ServerProof
             * @static
             * @param {fedcxr.v1.ServerProof.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.ServerProof} ServerProof instance
             * @type {{
             *   (properties: fedcxr.v1.ServerProof.$Shape): fedcxr.v1.ServerProof & fedcxr.v1.ServerProof.$Shape;
             *   (properties?: fedcxr.v1.ServerProof.$Properties): fedcxr.v1.ServerProof;
             * }}
             */
            ServerProof.create = function(properties) {
                return new ServerProof(properties);
            };

            /**
             * Encodes the specified ServerProof message. Does not implicitly {@link fedcxr.v1.ServerProof.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.ServerProof
             * @static
             * @param {fedcxr.v1.ServerProof.$Properties} message ServerProof message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ServerProof.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.coordinatorProof != null && $Object.hasOwnProperty.call(message, "coordinatorProof") && message.coordinatorProof.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.coordinatorProof);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ServerProof message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.ServerProof
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.ServerProof & fedcxr.v1.ServerProof.$Shape} ServerProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ServerProof.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.ServerProof();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.coordinatorProof = value;
                            else
                                delete message.coordinatorProof;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ServerProof;
        })();

        v1.ClassCounts = (function() {

            /**
             * Properties of a ClassCounts.
             * @typedef {Object} fedcxr.v1.ClassCounts.$Properties
             * @property {number|null} [normal] ClassCounts normal
             * @property {number|null} [disease] ClassCounts disease
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ClassCounts.
             * @memberof fedcxr.v1
             * @interface IClassCounts
             * @augments fedcxr.v1.ClassCounts.$Properties
             * @deprecated Use fedcxr.v1.ClassCounts.$Properties instead.
             */

            /**
             * Shape of a ClassCounts.
             * @typedef {fedcxr.v1.ClassCounts.$Properties} fedcxr.v1.ClassCounts.$Shape
             */

            /**
             * Constructs a new ClassCounts.
             * @memberof fedcxr.v1
             * @classdesc Represents a ClassCounts.
             * @constructor
             * @param {fedcxr.v1.ClassCounts.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ClassCounts = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ClassCounts normal.
             * @member {number} normal
             * @memberof fedcxr.v1.ClassCounts
             * @instance
             */
            ClassCounts.prototype.normal = 0;

            /**
             * ClassCounts disease.
             * @member {number} disease
             * @memberof fedcxr.v1.ClassCounts
             * @instance
             */
            ClassCounts.prototype.disease = 0;

            /**
             * Creates a new ClassCounts instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.ClassCounts
             * @static
             * @param {fedcxr.v1.ClassCounts.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.ClassCounts} ClassCounts instance
             * @type {{
             *   (properties: fedcxr.v1.ClassCounts.$Shape): fedcxr.v1.ClassCounts & fedcxr.v1.ClassCounts.$Shape;
             *   (properties?: fedcxr.v1.ClassCounts.$Properties): fedcxr.v1.ClassCounts;
             * }}
             */
            ClassCounts.create = function(properties) {
                return new ClassCounts(properties);
            };

            /**
             * Encodes the specified ClassCounts message. Does not implicitly {@link fedcxr.v1.ClassCounts.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.ClassCounts
             * @static
             * @param {fedcxr.v1.ClassCounts.$Properties} message ClassCounts message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ClassCounts.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.normal != null && $Object.hasOwnProperty.call(message, "normal") && message.normal !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.normal);
                if (message.disease != null && $Object.hasOwnProperty.call(message, "disease") && message.disease !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.disease);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ClassCounts message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.ClassCounts
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.ClassCounts & fedcxr.v1.ClassCounts.$Shape} ClassCounts
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ClassCounts.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.ClassCounts();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.normal = value;
                            else
                                delete message.normal;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.disease = value;
                            else
                                delete message.disease;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ClassCounts;
        })();

        v1.Register = (function() {

            /**
             * Properties of a Register.
             * @typedef {Object} fedcxr.v1.Register.$Properties
             * @property {string|null} [siteId] Register siteId
             * @property {number|null} [protocolVersion] Register protocolVersion
             * @property {Array.<string>|null} [capabilities] Register capabilities
             * @property {fedcxr.v1.ClassCounts.$Properties|null} [train] Register train
             * @property {fedcxr.v1.ClassCounts.$Properties|null} [val] Register val
             * @property {fedcxr.v1.ClassCounts.$Properties|null} [test] Register test
             * @property {Array.<number>|null} [intensityHistogram] Register intensityHistogram
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Register.
             * @memberof fedcxr.v1
             * @interface IRegister
             * @augments fedcxr.v1.Register.$Properties
             * @deprecated Use fedcxr.v1.Register.$Properties instead.
             */

            /**
             * Shape of a Register.
             * @typedef {fedcxr.v1.Register.$Properties} fedcxr.v1.Register.$Shape
             */

            /**
             * Constructs a new Register.
             * @memberof fedcxr.v1
             * @classdesc Represents a Register.
             * @constructor
             * @param {fedcxr.v1.Register.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Register = function (properties) {
                this.capabilities = [];
                this.intensityHistogram = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Register siteId.
             * @member {string} siteId
             * @memberof fedcxr.v1.Register
             * @instance
             */
            Register.prototype.siteId = "";

            /**
             * Register protocolVersion.
             * @member {number} protocolVersion
             * @memberof fedcxr.v1.Register
             * @instance
             */
            Register.prototype.protocolVersion = 0;

            /**
             * Register capabilities.
             * @member {Array.<string>} capabilities
             * @memberof fedcxr.v1.Register
             * @instance
             */
            Register.prototype.capabilities = $util.emptyArray;

            /**
             * Register train.
             * @member {fedcxr.v1.ClassCounts.$Properties|null|undefined} train
             * @memberof fedcxr.v1.Register
             * @instance
             */
            Register.prototype.train = null;

            /**
             * Register val.
             * @member {fedcxr.v1.ClassCounts.$Properties|null|undefined} val
             * @memberof fedcxr.v1.Register
             * @instance
             */
            Register.prototype.val = null;

            /**
             * Register test.
             * @member {fedcxr.v1.ClassCounts.$Properties|null|undefined} test
             * @memberof fedcxr.v1.Register
             * @instance
             */
            Register.prototype.test = null;

            /**
             * Register intensityHistogram.
             * @member {Array.<number>} intensityHistogram
             * @memberof fedcxr.v1.Register
             * @instance
             */
            Register.prototype.intensityHistogram = $util.emptyArray;

            /**
             * Creates a new Register instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Register
             * @static
             * @param {fedcxr.v1.Register.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Register} Register instance
             * @type {{
             *   (properties: fedcxr.v1.Register.$Shape): fedcxr.v1.Register & fedcxr.v1.Register.$Shape;
             *   (properties?: fedcxr.v1.Register.$Properties): fedcxr.v1.Register;
             * }}
             */
            Register.create = function(properties) {
                return new Register(properties);
            };

            /**
             * Encodes the specified Register message. Does not implicitly {@link fedcxr.v1.Register.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Register
             * @static
             * @param {fedcxr.v1.Register.$Properties} message Register message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Register.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.siteId != null && $Object.hasOwnProperty.call(message, "siteId") && message.siteId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.siteId);
                if (message.protocolVersion != null && $Object.hasOwnProperty.call(message, "protocolVersion") && message.protocolVersion !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.protocolVersion);
                if (message.capabilities != null && message.capabilities.length)
                    for (let i = 0; i < message.capabilities.length; ++i)
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.capabilities[i]);
                if (message.train != null && $Object.hasOwnProperty.call(message, "train"))
                    $root.fedcxr.v1.ClassCounts.encode(message.train, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.val != null && $Object.hasOwnProperty.call(message, "val"))
                    $root.fedcxr.v1.ClassCounts.encode(message.val, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.test != null && $Object.hasOwnProperty.call(message, "test"))
                    $root.fedcxr.v1.ClassCounts.encode(message.test, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.intensityHistogram != null && message.intensityHistogram.length)
                    writer.uint32(/* id 20, wireType 2 =*/162).uint32s(message.intensityHistogram);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Register message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Register
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Register & fedcxr.v1.Register.$Shape} Register
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Register.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Register();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.siteId = value;
                            else
                                delete message.siteId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.protocolVersion = value;
                            else
                                delete message.protocolVersion;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.capabilities && message.capabilities.length))
                                message.capabilities = [];
                            message.capabilities.push(reader.stringVerify());
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.train = $root.fedcxr.v1.ClassCounts.decode(reader, reader.size(), $undefined, _depth + 1, message.train);
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.val = $root.fedcxr.v1.ClassCounts.decode(reader, reader.size(), $undefined, _depth + 1, message.val);
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.test = $root.fedcxr.v1.ClassCounts.decode(reader, reader.size(), $undefined, _depth + 1, message.test);
                            continue;
                        }
                    case 20: {
                            if (wireType === 2) {
                                if (!(message.intensityHistogram && message.intensityHistogram.length))
                                    message.intensityHistogram = [];
                                reader.uint32s(message.intensityHistogram);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.intensityHistogram && message.intensityHistogram.length))
                                message.intensityHistogram = [];
                            message.intensityHistogram.push(reader.uint32());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Register;
        })();

        /**
         * Level enum.
         * @name fedcxr.v1.Level
         * @enum {number}
         * @property {number} LEVEL_UNSPECIFIED=0 LEVEL_UNSPECIFIED value
         * @property {number} FC=1 FC value
         * @property {number} B5=2 B5 value
         * @property {number} B4=3 B4 value
         * @property {number} B3=4 B3 value
         * @property {number} B2=5 B2 value
         * @property {number} B1=6 B1 value
         */
        v1.Level = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "LEVEL_UNSPECIFIED"] = 0;
            values[valuesById[1] = "FC"] = 1;
            values[valuesById[2] = "B5"] = 2;
            values[valuesById[3] = "B4"] = 3;
            values[valuesById[4] = "B3"] = 4;
            values[valuesById[5] = "B2"] = 5;
            values[valuesById[6] = "B1"] = 6;
            return values;
        })();

        v1.RunSpec = (function() {

            /**
             * Properties of a RunSpec.
             * @typedef {Object} fedcxr.v1.RunSpec.$Properties
             * @property {string|null} [runId] RunSpec runId
             * @property {fedcxr.v1.Level|null} [level] RunSpec level
             * @property {string|null} [modelConfigJson] RunSpec modelConfigJson
             * @property {string|null} [trunkHash] RunSpec trunkHash
             * @property {fedcxr.v1.DType|null} [updateDtype] RunSpec updateDtype
             * @property {number|null} [heartbeatTimeoutMs] RunSpec heartbeatTimeoutMs
             * @property {number|null} [maxChunkBytes] RunSpec maxChunkBytes
             * @property {number|null} [maxMessageBytes] RunSpec maxMessageBytes
             * @property {Array.<number>|null} [referenceHistogram] RunSpec referenceHistogram
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RunSpec.
             * @memberof fedcxr.v1
             * @interface IRunSpec
             * @augments fedcxr.v1.RunSpec.$Properties
             * @deprecated Use fedcxr.v1.RunSpec.$Properties instead.
             */

            /**
             * Shape of a RunSpec.
             * @typedef {fedcxr.v1.RunSpec.$Properties} fedcxr.v1.RunSpec.$Shape
             */

            /**
             * Constructs a new RunSpec.
             * @memberof fedcxr.v1
             * @classdesc Represents a RunSpec.
             * @constructor
             * @param {fedcxr.v1.RunSpec.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RunSpec = function (properties) {
                this.referenceHistogram = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RunSpec runId.
             * @member {string} runId
             * @memberof fedcxr.v1.RunSpec
             * @instance
             */
            RunSpec.prototype.runId = "";

            /**
             * RunSpec level.
             * @member {fedcxr.v1.Level} level
             * @memberof fedcxr.v1.RunSpec
             * @instance
             */
            RunSpec.prototype.level = 0;

            /**
             * RunSpec modelConfigJson.
             * @member {string} modelConfigJson
             * @memberof fedcxr.v1.RunSpec
             * @instance
             */
            RunSpec.prototype.modelConfigJson = "";

            /**
             * RunSpec trunkHash.
             * @member {string} trunkHash
             * @memberof fedcxr.v1.RunSpec
             * @instance
             */
            RunSpec.prototype.trunkHash = "";

            /**
             * RunSpec updateDtype.
             * @member {fedcxr.v1.DType} updateDtype
             * @memberof fedcxr.v1.RunSpec
             * @instance
             */
            RunSpec.prototype.updateDtype = 0;

            /**
             * RunSpec heartbeatTimeoutMs.
             * @member {number} heartbeatTimeoutMs
             * @memberof fedcxr.v1.RunSpec
             * @instance
             */
            RunSpec.prototype.heartbeatTimeoutMs = 0;

            /**
             * RunSpec maxChunkBytes.
             * @member {number} maxChunkBytes
             * @memberof fedcxr.v1.RunSpec
             * @instance
             */
            RunSpec.prototype.maxChunkBytes = 0;

            /**
             * RunSpec maxMessageBytes.
             * @member {number} maxMessageBytes
             * @memberof fedcxr.v1.RunSpec
             * @instance
             */
            RunSpec.prototype.maxMessageBytes = 0;

            /**
             * RunSpec referenceHistogram.
             * @member {Array.<number>} referenceHistogram
             * @memberof fedcxr.v1.RunSpec
             * @instance
             */
            RunSpec.prototype.referenceHistogram = $util.emptyArray;

            /**
             * Creates a new RunSpec instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.RunSpec
             * @static
             * @param {fedcxr.v1.RunSpec.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.RunSpec} RunSpec instance
             * @type {{
             *   (properties: fedcxr.v1.RunSpec.$Shape): fedcxr.v1.RunSpec & fedcxr.v1.RunSpec.$Shape;
             *   (properties?: fedcxr.v1.RunSpec.$Properties): fedcxr.v1.RunSpec;
             * }}
             */
            RunSpec.create = function(properties) {
                return new RunSpec(properties);
            };

            /**
             * Encodes the specified RunSpec message. Does not implicitly {@link fedcxr.v1.RunSpec.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.RunSpec
             * @static
             * @param {fedcxr.v1.RunSpec.$Properties} message RunSpec message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RunSpec.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.runId != null && $Object.hasOwnProperty.call(message, "runId") && message.runId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.runId);
                if (message.level != null && $Object.hasOwnProperty.call(message, "level") && message.level !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.level);
                if (message.modelConfigJson != null && $Object.hasOwnProperty.call(message, "modelConfigJson") && message.modelConfigJson !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.modelConfigJson);
                if (message.trunkHash != null && $Object.hasOwnProperty.call(message, "trunkHash") && message.trunkHash !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.trunkHash);
                if (message.updateDtype != null && $Object.hasOwnProperty.call(message, "updateDtype") && message.updateDtype !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).int32(message.updateDtype);
                if (message.heartbeatTimeoutMs != null && $Object.hasOwnProperty.call(message, "heartbeatTimeoutMs") && message.heartbeatTimeoutMs !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.heartbeatTimeoutMs);
                if (message.maxChunkBytes != null && $Object.hasOwnProperty.call(message, "maxChunkBytes") && message.maxChunkBytes !== 0)
                    writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.maxChunkBytes);
                if (message.maxMessageBytes != null && $Object.hasOwnProperty.call(message, "maxMessageBytes") && message.maxMessageBytes !== 0)
                    writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.maxMessageBytes);
                if (message.referenceHistogram != null && message.referenceHistogram.length)
                    writer.uint32(/* id 20, wireType 2 =*/162).doubles(message.referenceHistogram);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RunSpec message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.RunSpec
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.RunSpec & fedcxr.v1.RunSpec.$Shape} RunSpec
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RunSpec.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.RunSpec();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.runId = value;
                            else
                                delete message.runId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.level = value;
                            else
                                delete message.level;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.modelConfigJson = value;
                            else
                                delete message.modelConfigJson;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.trunkHash = value;
                            else
                                delete message.trunkHash;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.updateDtype = value;
                            else
                                delete message.updateDtype;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.heartbeatTimeoutMs = value;
                            else
                                delete message.heartbeatTimeoutMs;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.maxChunkBytes = value;
                            else
                                delete message.maxChunkBytes;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.maxMessageBytes = value;
                            else
                                delete message.maxMessageBytes;
                            continue;
                        }
                    case 20: {
                            if (wireType === 2) {
                                if (!(message.referenceHistogram && message.referenceHistogram.length))
                                    message.referenceHistogram = [];
                                reader.doubles(message.referenceHistogram);
                                continue;
                            }
                            if (wireType !== 1)
                                break;
                            if (!(message.referenceHistogram && message.referenceHistogram.length))
                                message.referenceHistogram = [];
                            message.referenceHistogram.push(reader.double());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return RunSpec;
        })();

        v1.PrepareAck = (function() {

            /**
             * Properties of a PrepareAck.
             * @typedef {Object} fedcxr.v1.PrepareAck.$Properties
             * @property {boolean|null} [hasTrunk] PrepareAck hasTrunk
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a PrepareAck.
             * @memberof fedcxr.v1
             * @interface IPrepareAck
             * @augments fedcxr.v1.PrepareAck.$Properties
             * @deprecated Use fedcxr.v1.PrepareAck.$Properties instead.
             */

            /**
             * Shape of a PrepareAck.
             * @typedef {fedcxr.v1.PrepareAck.$Properties} fedcxr.v1.PrepareAck.$Shape
             */

            /**
             * Constructs a new PrepareAck.
             * @memberof fedcxr.v1
             * @classdesc Represents a PrepareAck.
             * @constructor
             * @param {fedcxr.v1.PrepareAck.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const PrepareAck = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * PrepareAck hasTrunk.
             * @member {boolean} hasTrunk
             * @memberof fedcxr.v1.PrepareAck
             * @instance
             */
            PrepareAck.prototype.hasTrunk = false;

            /**
             * Creates a new PrepareAck instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.PrepareAck
             * @static
             * @param {fedcxr.v1.PrepareAck.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.PrepareAck} PrepareAck instance
             * @type {{
             *   (properties: fedcxr.v1.PrepareAck.$Shape): fedcxr.v1.PrepareAck & fedcxr.v1.PrepareAck.$Shape;
             *   (properties?: fedcxr.v1.PrepareAck.$Properties): fedcxr.v1.PrepareAck;
             * }}
             */
            PrepareAck.create = function(properties) {
                return new PrepareAck(properties);
            };

            /**
             * Encodes the specified PrepareAck message. Does not implicitly {@link fedcxr.v1.PrepareAck.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.PrepareAck
             * @static
             * @param {fedcxr.v1.PrepareAck.$Properties} message PrepareAck message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PrepareAck.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.hasTrunk != null && $Object.hasOwnProperty.call(message, "hasTrunk") && message.hasTrunk !== false)
                    writer.uint32(/* id 1, wireType 0 =*/8).bool(message.hasTrunk);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a PrepareAck message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.PrepareAck
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.PrepareAck & fedcxr.v1.PrepareAck.$Shape} PrepareAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PrepareAck.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.PrepareAck();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.hasTrunk = value;
                            else
                                delete message.hasTrunk;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return PrepareAck;
        })();

        v1.Trunk = (function() {

            /**
             * Properties of a Trunk.
             * @typedef {Object} fedcxr.v1.Trunk.$Properties
             * @property {string|null} [runId] Trunk runId
             * @property {string|null} [trunkHash] Trunk trunkHash
             * @property {fedcxr.v1.TensorSet.$Properties|null} [tensors] Trunk tensors
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Trunk.
             * @memberof fedcxr.v1
             * @interface ITrunk
             * @augments fedcxr.v1.Trunk.$Properties
             * @deprecated Use fedcxr.v1.Trunk.$Properties instead.
             */

            /**
             * Shape of a Trunk.
             * @typedef {fedcxr.v1.Trunk.$Properties} fedcxr.v1.Trunk.$Shape
             */

            /**
             * Constructs a new Trunk.
             * @memberof fedcxr.v1
             * @classdesc Represents a Trunk.
             * @constructor
             * @param {fedcxr.v1.Trunk.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Trunk = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Trunk runId.
             * @member {string} runId
             * @memberof fedcxr.v1.Trunk
             * @instance
             */
            Trunk.prototype.runId = "";

            /**
             * Trunk trunkHash.
             * @member {string} trunkHash
             * @memberof fedcxr.v1.Trunk
             * @instance
             */
            Trunk.prototype.trunkHash = "";

            /**
             * Trunk tensors.
             * @member {fedcxr.v1.TensorSet.$Properties|null|undefined} tensors
             * @memberof fedcxr.v1.Trunk
             * @instance
             */
            Trunk.prototype.tensors = null;

            /**
             * Creates a new Trunk instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Trunk
             * @static
             * @param {fedcxr.v1.Trunk.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Trunk} Trunk instance
             * @type {{
             *   (properties: fedcxr.v1.Trunk.$Shape): fedcxr.v1.Trunk & fedcxr.v1.Trunk.$Shape;
             *   (properties?: fedcxr.v1.Trunk.$Properties): fedcxr.v1.Trunk;
             * }}
             */
            Trunk.create = function(properties) {
                return new Trunk(properties);
            };

            /**
             * Encodes the specified Trunk message. Does not implicitly {@link fedcxr.v1.Trunk.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Trunk
             * @static
             * @param {fedcxr.v1.Trunk.$Properties} message Trunk message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Trunk.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.runId != null && $Object.hasOwnProperty.call(message, "runId") && message.runId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.runId);
                if (message.trunkHash != null && $Object.hasOwnProperty.call(message, "trunkHash") && message.trunkHash !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.trunkHash);
                if (message.tensors != null && $Object.hasOwnProperty.call(message, "tensors"))
                    $root.fedcxr.v1.TensorSet.encode(message.tensors, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Trunk message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Trunk
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Trunk & fedcxr.v1.Trunk.$Shape} Trunk
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Trunk.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Trunk();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.runId = value;
                            else
                                delete message.runId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.trunkHash = value;
                            else
                                delete message.trunkHash;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.tensors = $root.fedcxr.v1.TensorSet.decode(reader, reader.size(), $undefined, _depth + 1, message.tensors);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Trunk;
        })();

        v1.Hold = (function() {

            /**
             * Properties of a Hold.
             * @typedef {Object} fedcxr.v1.Hold.$Properties
             * @property {string|null} [runId] Hold runId
             * @property {fedcxr.v1.TensorSet.$Properties|null} [tensors] Hold tensors
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Hold.
             * @memberof fedcxr.v1
             * @interface IHold
             * @augments fedcxr.v1.Hold.$Properties
             * @deprecated Use fedcxr.v1.Hold.$Properties instead.
             */

            /**
             * Shape of a Hold.
             * @typedef {fedcxr.v1.Hold.$Properties} fedcxr.v1.Hold.$Shape
             */

            /**
             * Constructs a new Hold.
             * @memberof fedcxr.v1
             * @classdesc Represents a Hold.
             * @constructor
             * @param {fedcxr.v1.Hold.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Hold = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Hold runId.
             * @member {string} runId
             * @memberof fedcxr.v1.Hold
             * @instance
             */
            Hold.prototype.runId = "";

            /**
             * Hold tensors.
             * @member {fedcxr.v1.TensorSet.$Properties|null|undefined} tensors
             * @memberof fedcxr.v1.Hold
             * @instance
             */
            Hold.prototype.tensors = null;

            /**
             * Creates a new Hold instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Hold
             * @static
             * @param {fedcxr.v1.Hold.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Hold} Hold instance
             * @type {{
             *   (properties: fedcxr.v1.Hold.$Shape): fedcxr.v1.Hold & fedcxr.v1.Hold.$Shape;
             *   (properties?: fedcxr.v1.Hold.$Properties): fedcxr.v1.Hold;
             * }}
             */
            Hold.create = function(properties) {
                return new Hold(properties);
            };

            /**
             * Encodes the specified Hold message. Does not implicitly {@link fedcxr.v1.Hold.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Hold
             * @static
             * @param {fedcxr.v1.Hold.$Properties} message Hold message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Hold.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.runId != null && $Object.hasOwnProperty.call(message, "runId") && message.runId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.runId);
                if (message.tensors != null && $Object.hasOwnProperty.call(message, "tensors"))
                    $root.fedcxr.v1.TensorSet.encode(message.tensors, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Hold message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Hold
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Hold & fedcxr.v1.Hold.$Shape} Hold
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Hold.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Hold();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.runId = value;
                            else
                                delete message.runId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.tensors = $root.fedcxr.v1.TensorSet.decode(reader, reader.size(), $undefined, _depth + 1, message.tensors);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Hold;
        })();

        /**
         * Optimizer enum.
         * @name fedcxr.v1.Optimizer
         * @enum {number}
         * @property {number} OPTIMIZER_UNSPECIFIED=0 OPTIMIZER_UNSPECIFIED value
         * @property {number} ADAM=1 ADAM value
         * @property {number} SGD=2 SGD value
         */
        v1.Optimizer = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "OPTIMIZER_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ADAM"] = 1;
            values[valuesById[2] = "SGD"] = 2;
            return values;
        })();

        v1.FitConfig = (function() {

            /**
             * Properties of a FitConfig.
             * @typedef {Object} fedcxr.v1.FitConfig.$Properties
             * @property {number|null} [localEpochs] FitConfig localEpochs
             * @property {number|null} [batchSize] FitConfig batchSize
             * @property {number|null} [learningRate] FitConfig learningRate
             * @property {number|null} [proximalMu] FitConfig proximalMu
             * @property {number|null} [seed] FitConfig seed
             * @property {fedcxr.v1.Optimizer|null} [optimizer] FitConfig optimizer
             * @property {number|null} [classWeightNormal] FitConfig classWeightNormal
             * @property {number|null} [classWeightDisease] FitConfig classWeightDisease
             * @property {Array.<string>|null} [localTensors] FitConfig localTensors
             * @property {boolean|null} [logitAdjust] FitConfig logitAdjust
             * @property {number|null} [prototypeWeight] FitConfig prototypeWeight
             * @property {Array.<fedcxr.v1.ClassPrototype.$Properties>|null} [prototypes] FitConfig prototypes
             * @property {boolean|null} [scaffold] FitConfig scaffold
             * @property {fedcxr.v1.TensorSet.$Properties|null} [control] FitConfig control
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FitConfig.
             * @memberof fedcxr.v1
             * @interface IFitConfig
             * @augments fedcxr.v1.FitConfig.$Properties
             * @deprecated Use fedcxr.v1.FitConfig.$Properties instead.
             */

            /**
             * Shape of a FitConfig.
             * @typedef {fedcxr.v1.FitConfig.$Properties} fedcxr.v1.FitConfig.$Shape
             */

            /**
             * Constructs a new FitConfig.
             * @memberof fedcxr.v1
             * @classdesc Represents a FitConfig.
             * @constructor
             * @param {fedcxr.v1.FitConfig.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FitConfig = function (properties) {
                this.localTensors = [];
                this.prototypes = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * FitConfig localEpochs.
             * @member {number} localEpochs
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.localEpochs = 0;

            /**
             * FitConfig batchSize.
             * @member {number} batchSize
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.batchSize = 0;

            /**
             * FitConfig learningRate.
             * @member {number} learningRate
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.learningRate = 0;

            /**
             * FitConfig proximalMu.
             * @member {number} proximalMu
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.proximalMu = 0;

            /**
             * FitConfig seed.
             * @member {number} seed
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.seed = 0;

            /**
             * FitConfig optimizer.
             * @member {fedcxr.v1.Optimizer} optimizer
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.optimizer = 0;

            /**
             * FitConfig classWeightNormal.
             * @member {number|null|undefined} classWeightNormal
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.classWeightNormal = null;

            /**
             * FitConfig classWeightDisease.
             * @member {number|null|undefined} classWeightDisease
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.classWeightDisease = null;

            /**
             * FitConfig localTensors.
             * @member {Array.<string>} localTensors
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.localTensors = $util.emptyArray;

            /**
             * FitConfig logitAdjust.
             * @member {boolean|null|undefined} logitAdjust
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.logitAdjust = null;

            /**
             * FitConfig prototypeWeight.
             * @member {number|null|undefined} prototypeWeight
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.prototypeWeight = null;

            /**
             * FitConfig prototypes.
             * @member {Array.<fedcxr.v1.ClassPrototype.$Properties>} prototypes
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.prototypes = $util.emptyArray;

            /**
             * FitConfig scaffold.
             * @member {boolean|null|undefined} scaffold
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.scaffold = null;

            /**
             * FitConfig control.
             * @member {fedcxr.v1.TensorSet.$Properties|null|undefined} control
             * @memberof fedcxr.v1.FitConfig
             * @instance
             */
            FitConfig.prototype.control = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(FitConfig.prototype, "_classWeightNormal", {
                get: $util.oneOfGetter($oneOfFields = ["classWeightNormal"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(FitConfig.prototype, "_classWeightDisease", {
                get: $util.oneOfGetter($oneOfFields = ["classWeightDisease"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(FitConfig.prototype, "_logitAdjust", {
                get: $util.oneOfGetter($oneOfFields = ["logitAdjust"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(FitConfig.prototype, "_prototypeWeight", {
                get: $util.oneOfGetter($oneOfFields = ["prototypeWeight"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(FitConfig.prototype, "_scaffold", {
                get: $util.oneOfGetter($oneOfFields = ["scaffold"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new FitConfig instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.FitConfig
             * @static
             * @param {fedcxr.v1.FitConfig.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.FitConfig} FitConfig instance
             * @type {{
             *   (properties: fedcxr.v1.FitConfig.$Shape): fedcxr.v1.FitConfig & fedcxr.v1.FitConfig.$Shape;
             *   (properties?: fedcxr.v1.FitConfig.$Properties): fedcxr.v1.FitConfig;
             * }}
             */
            FitConfig.create = function(properties) {
                return new FitConfig(properties);
            };

            /**
             * Encodes the specified FitConfig message. Does not implicitly {@link fedcxr.v1.FitConfig.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.FitConfig
             * @static
             * @param {fedcxr.v1.FitConfig.$Properties} message FitConfig message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FitConfig.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.localEpochs != null && $Object.hasOwnProperty.call(message, "localEpochs") && message.localEpochs !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.localEpochs);
                if (message.batchSize != null && $Object.hasOwnProperty.call(message, "batchSize") && message.batchSize !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.batchSize);
                if (message.learningRate != null && $Object.hasOwnProperty.call(message, "learningRate") && !$Object.is(message.learningRate, 0))
                    writer.uint32(/* id 3, wireType 1 =*/25).double(message.learningRate);
                if (message.proximalMu != null && $Object.hasOwnProperty.call(message, "proximalMu") && !$Object.is(message.proximalMu, 0))
                    writer.uint32(/* id 4, wireType 1 =*/33).double(message.proximalMu);
                if (message.seed != null && $Object.hasOwnProperty.call(message, "seed") && !$Object.is(message.seed, 0))
                    writer.uint32(/* id 5, wireType 1 =*/41).double(message.seed);
                if (message.optimizer != null && $Object.hasOwnProperty.call(message, "optimizer") && message.optimizer !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).int32(message.optimizer);
                if (message.classWeightNormal != null && $Object.hasOwnProperty.call(message, "classWeightNormal"))
                    writer.uint32(/* id 20, wireType 1 =*/161).double(message.classWeightNormal);
                if (message.classWeightDisease != null && $Object.hasOwnProperty.call(message, "classWeightDisease"))
                    writer.uint32(/* id 21, wireType 1 =*/169).double(message.classWeightDisease);
                if (message.localTensors != null && message.localTensors.length)
                    for (let i = 0; i < message.localTensors.length; ++i)
                        writer.uint32(/* id 22, wireType 2 =*/178).string(message.localTensors[i]);
                if (message.logitAdjust != null && $Object.hasOwnProperty.call(message, "logitAdjust"))
                    writer.uint32(/* id 23, wireType 0 =*/184).bool(message.logitAdjust);
                if (message.prototypeWeight != null && $Object.hasOwnProperty.call(message, "prototypeWeight"))
                    writer.uint32(/* id 24, wireType 1 =*/193).double(message.prototypeWeight);
                if (message.prototypes != null && message.prototypes.length)
                    for (let i = 0; i < message.prototypes.length; ++i)
                        $root.fedcxr.v1.ClassPrototype.encode(message.prototypes[i], writer.uint32(/* id 25, wireType 2 =*/202).fork(), _depth + 1).ldelim();
                if (message.scaffold != null && $Object.hasOwnProperty.call(message, "scaffold"))
                    writer.uint32(/* id 26, wireType 0 =*/208).bool(message.scaffold);
                if (message.control != null && $Object.hasOwnProperty.call(message, "control"))
                    $root.fedcxr.v1.TensorSet.encode(message.control, writer.uint32(/* id 27, wireType 2 =*/218).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FitConfig message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.FitConfig
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.FitConfig & fedcxr.v1.FitConfig.$Shape} FitConfig
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FitConfig.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.FitConfig();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.localEpochs = value;
                            else
                                delete message.localEpochs;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.batchSize = value;
                            else
                                delete message.batchSize;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.learningRate = value;
                            else
                                delete message.learningRate;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.proximalMu = value;
                            else
                                delete message.proximalMu;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.seed = value;
                            else
                                delete message.seed;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.optimizer = value;
                            else
                                delete message.optimizer;
                            continue;
                        }
                    case 20: {
                            if (wireType !== 1)
                                break;
                            message.classWeightNormal = reader.double();
                            message._classWeightNormal = "classWeightNormal";
                            continue;
                        }
                    case 21: {
                            if (wireType !== 1)
                                break;
                            message.classWeightDisease = reader.double();
                            message._classWeightDisease = "classWeightDisease";
                            continue;
                        }
                    case 22: {
                            if (wireType !== 2)
                                break;
                            if (!(message.localTensors && message.localTensors.length))
                                message.localTensors = [];
                            message.localTensors.push(reader.stringVerify());
                            continue;
                        }
                    case 23: {
                            if (wireType !== 0)
                                break;
                            message.logitAdjust = reader.bool();
                            message._logitAdjust = "logitAdjust";
                            continue;
                        }
                    case 24: {
                            if (wireType !== 1)
                                break;
                            message.prototypeWeight = reader.double();
                            message._prototypeWeight = "prototypeWeight";
                            continue;
                        }
                    case 25: {
                            if (wireType !== 2)
                                break;
                            if (!(message.prototypes && message.prototypes.length))
                                message.prototypes = [];
                            message.prototypes.push($root.fedcxr.v1.ClassPrototype.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 26: {
                            if (wireType !== 0)
                                break;
                            message.scaffold = reader.bool();
                            message._scaffold = "scaffold";
                            continue;
                        }
                    case 27: {
                            if (wireType !== 2)
                                break;
                            message.control = $root.fedcxr.v1.TensorSet.decode(reader, reader.size(), $undefined, _depth + 1, message.control);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return FitConfig;
        })();

        v1.ClassPrototype = (function() {

            /**
             * Properties of a ClassPrototype.
             * @typedef {Object} fedcxr.v1.ClassPrototype.$Properties
             * @property {number|null} [label] ClassPrototype label
             * @property {number|null} [count] ClassPrototype count
             * @property {Array.<number>|null} [mean] ClassPrototype mean
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ClassPrototype.
             * @memberof fedcxr.v1
             * @interface IClassPrototype
             * @augments fedcxr.v1.ClassPrototype.$Properties
             * @deprecated Use fedcxr.v1.ClassPrototype.$Properties instead.
             */

            /**
             * Shape of a ClassPrototype.
             * @typedef {fedcxr.v1.ClassPrototype.$Properties} fedcxr.v1.ClassPrototype.$Shape
             */

            /**
             * Constructs a new ClassPrototype.
             * @memberof fedcxr.v1
             * @classdesc Represents a ClassPrototype.
             * @constructor
             * @param {fedcxr.v1.ClassPrototype.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ClassPrototype = function (properties) {
                this.mean = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ClassPrototype label.
             * @member {number} label
             * @memberof fedcxr.v1.ClassPrototype
             * @instance
             */
            ClassPrototype.prototype.label = 0;

            /**
             * ClassPrototype count.
             * @member {number} count
             * @memberof fedcxr.v1.ClassPrototype
             * @instance
             */
            ClassPrototype.prototype.count = 0;

            /**
             * ClassPrototype mean.
             * @member {Array.<number>} mean
             * @memberof fedcxr.v1.ClassPrototype
             * @instance
             */
            ClassPrototype.prototype.mean = $util.emptyArray;

            /**
             * Creates a new ClassPrototype instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.ClassPrototype
             * @static
             * @param {fedcxr.v1.ClassPrototype.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.ClassPrototype} ClassPrototype instance
             * @type {{
             *   (properties: fedcxr.v1.ClassPrototype.$Shape): fedcxr.v1.ClassPrototype & fedcxr.v1.ClassPrototype.$Shape;
             *   (properties?: fedcxr.v1.ClassPrototype.$Properties): fedcxr.v1.ClassPrototype;
             * }}
             */
            ClassPrototype.create = function(properties) {
                return new ClassPrototype(properties);
            };

            /**
             * Encodes the specified ClassPrototype message. Does not implicitly {@link fedcxr.v1.ClassPrototype.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.ClassPrototype
             * @static
             * @param {fedcxr.v1.ClassPrototype.$Properties} message ClassPrototype message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ClassPrototype.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.label != null && $Object.hasOwnProperty.call(message, "label") && message.label !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.label);
                if (message.count != null && $Object.hasOwnProperty.call(message, "count") && message.count !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.count);
                if (message.mean != null && message.mean.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).floats(message.mean);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ClassPrototype message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.ClassPrototype
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.ClassPrototype & fedcxr.v1.ClassPrototype.$Shape} ClassPrototype
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ClassPrototype.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.ClassPrototype();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.label = value;
                            else
                                delete message.label;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.count = value;
                            else
                                delete message.count;
                            continue;
                        }
                    case 3: {
                            if (wireType === 2) {
                                if (!(message.mean && message.mean.length))
                                    message.mean = [];
                                reader.floats(message.mean);
                                continue;
                            }
                            if (wireType !== 5)
                                break;
                            if (!(message.mean && message.mean.length))
                                message.mean = [];
                            message.mean.push(reader.float());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ClassPrototype;
        })();

        v1.FitIns = (function() {

            /**
             * Properties of a FitIns.
             * @typedef {Object} fedcxr.v1.FitIns.$Properties
             * @property {string|null} [runId] FitIns runId
             * @property {number|null} [round] FitIns round
             * @property {fedcxr.v1.Level|null} [level] FitIns level
             * @property {string|null} [trunkHash] FitIns trunkHash
             * @property {fedcxr.v1.TensorSet.$Properties|null} [tensors] FitIns tensors
             * @property {fedcxr.v1.FitConfig.$Properties|null} [config] FitIns config
             * @property {Uint8Array|null} [tensorsRef] FitIns tensorsRef
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FitIns.
             * @memberof fedcxr.v1
             * @interface IFitIns
             * @augments fedcxr.v1.FitIns.$Properties
             * @deprecated Use fedcxr.v1.FitIns.$Properties instead.
             */

            /**
             * Shape of a FitIns.
             * @typedef {fedcxr.v1.FitIns.$Properties} fedcxr.v1.FitIns.$Shape
             */

            /**
             * Constructs a new FitIns.
             * @memberof fedcxr.v1
             * @classdesc Represents a FitIns.
             * @constructor
             * @param {fedcxr.v1.FitIns.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FitIns = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * FitIns runId.
             * @member {string} runId
             * @memberof fedcxr.v1.FitIns
             * @instance
             */
            FitIns.prototype.runId = "";

            /**
             * FitIns round.
             * @member {number} round
             * @memberof fedcxr.v1.FitIns
             * @instance
             */
            FitIns.prototype.round = 0;

            /**
             * FitIns level.
             * @member {fedcxr.v1.Level} level
             * @memberof fedcxr.v1.FitIns
             * @instance
             */
            FitIns.prototype.level = 0;

            /**
             * FitIns trunkHash.
             * @member {string} trunkHash
             * @memberof fedcxr.v1.FitIns
             * @instance
             */
            FitIns.prototype.trunkHash = "";

            /**
             * FitIns tensors.
             * @member {fedcxr.v1.TensorSet.$Properties|null|undefined} tensors
             * @memberof fedcxr.v1.FitIns
             * @instance
             */
            FitIns.prototype.tensors = null;

            /**
             * FitIns config.
             * @member {fedcxr.v1.FitConfig.$Properties|null|undefined} config
             * @memberof fedcxr.v1.FitIns
             * @instance
             */
            FitIns.prototype.config = null;

            /**
             * FitIns tensorsRef.
             * @member {Uint8Array} tensorsRef
             * @memberof fedcxr.v1.FitIns
             * @instance
             */
            FitIns.prototype.tensorsRef = $util.newBuffer([]);

            /**
             * Creates a new FitIns instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.FitIns
             * @static
             * @param {fedcxr.v1.FitIns.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.FitIns} FitIns instance
             * @type {{
             *   (properties: fedcxr.v1.FitIns.$Shape): fedcxr.v1.FitIns & fedcxr.v1.FitIns.$Shape;
             *   (properties?: fedcxr.v1.FitIns.$Properties): fedcxr.v1.FitIns;
             * }}
             */
            FitIns.create = function(properties) {
                return new FitIns(properties);
            };

            /**
             * Encodes the specified FitIns message. Does not implicitly {@link fedcxr.v1.FitIns.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.FitIns
             * @static
             * @param {fedcxr.v1.FitIns.$Properties} message FitIns message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FitIns.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.runId != null && $Object.hasOwnProperty.call(message, "runId") && message.runId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.runId);
                if (message.round != null && $Object.hasOwnProperty.call(message, "round") && message.round !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.round);
                if (message.level != null && $Object.hasOwnProperty.call(message, "level") && message.level !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.level);
                if (message.trunkHash != null && $Object.hasOwnProperty.call(message, "trunkHash") && message.trunkHash !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.trunkHash);
                if (message.tensors != null && $Object.hasOwnProperty.call(message, "tensors"))
                    $root.fedcxr.v1.TensorSet.encode(message.tensors, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.config != null && $Object.hasOwnProperty.call(message, "config"))
                    $root.fedcxr.v1.FitConfig.encode(message.config, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.tensorsRef != null && $Object.hasOwnProperty.call(message, "tensorsRef") && message.tensorsRef.length)
                    writer.uint32(/* id 7, wireType 2 =*/58).bytes(message.tensorsRef);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FitIns message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.FitIns
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.FitIns & fedcxr.v1.FitIns.$Shape} FitIns
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FitIns.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.FitIns();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.runId = value;
                            else
                                delete message.runId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.round = value;
                            else
                                delete message.round;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.level = value;
                            else
                                delete message.level;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.trunkHash = value;
                            else
                                delete message.trunkHash;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.tensors = $root.fedcxr.v1.TensorSet.decode(reader, reader.size(), $undefined, _depth + 1, message.tensors);
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.config = $root.fedcxr.v1.FitConfig.decode(reader, reader.size(), $undefined, _depth + 1, message.config);
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.tensorsRef = value;
                            else
                                delete message.tensorsRef;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return FitIns;
        })();

        v1.FitMetrics = (function() {

            /**
             * Properties of a FitMetrics.
             * @typedef {Object} fedcxr.v1.FitMetrics.$Properties
             * @property {number|null} [trainLoss] FitMetrics trainLoss
             * @property {number|null} [trainAccuracy] FitMetrics trainAccuracy
             * @property {number|null} [trainSeconds] FitMetrics trainSeconds
             * @property {number|null} [localSteps] FitMetrics localSteps
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FitMetrics.
             * @memberof fedcxr.v1
             * @interface IFitMetrics
             * @augments fedcxr.v1.FitMetrics.$Properties
             * @deprecated Use fedcxr.v1.FitMetrics.$Properties instead.
             */

            /**
             * Shape of a FitMetrics.
             * @typedef {fedcxr.v1.FitMetrics.$Properties} fedcxr.v1.FitMetrics.$Shape
             */

            /**
             * Constructs a new FitMetrics.
             * @memberof fedcxr.v1
             * @classdesc Represents a FitMetrics.
             * @constructor
             * @param {fedcxr.v1.FitMetrics.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FitMetrics = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * FitMetrics trainLoss.
             * @member {number} trainLoss
             * @memberof fedcxr.v1.FitMetrics
             * @instance
             */
            FitMetrics.prototype.trainLoss = 0;

            /**
             * FitMetrics trainAccuracy.
             * @member {number|null|undefined} trainAccuracy
             * @memberof fedcxr.v1.FitMetrics
             * @instance
             */
            FitMetrics.prototype.trainAccuracy = null;

            /**
             * FitMetrics trainSeconds.
             * @member {number|null|undefined} trainSeconds
             * @memberof fedcxr.v1.FitMetrics
             * @instance
             */
            FitMetrics.prototype.trainSeconds = null;

            /**
             * FitMetrics localSteps.
             * @member {number|null|undefined} localSteps
             * @memberof fedcxr.v1.FitMetrics
             * @instance
             */
            FitMetrics.prototype.localSteps = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(FitMetrics.prototype, "_trainAccuracy", {
                get: $util.oneOfGetter($oneOfFields = ["trainAccuracy"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(FitMetrics.prototype, "_trainSeconds", {
                get: $util.oneOfGetter($oneOfFields = ["trainSeconds"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(FitMetrics.prototype, "_localSteps", {
                get: $util.oneOfGetter($oneOfFields = ["localSteps"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new FitMetrics instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.FitMetrics
             * @static
             * @param {fedcxr.v1.FitMetrics.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.FitMetrics} FitMetrics instance
             * @type {{
             *   (properties: fedcxr.v1.FitMetrics.$Shape): fedcxr.v1.FitMetrics & fedcxr.v1.FitMetrics.$Shape;
             *   (properties?: fedcxr.v1.FitMetrics.$Properties): fedcxr.v1.FitMetrics;
             * }}
             */
            FitMetrics.create = function(properties) {
                return new FitMetrics(properties);
            };

            /**
             * Encodes the specified FitMetrics message. Does not implicitly {@link fedcxr.v1.FitMetrics.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.FitMetrics
             * @static
             * @param {fedcxr.v1.FitMetrics.$Properties} message FitMetrics message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FitMetrics.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.trainLoss != null && $Object.hasOwnProperty.call(message, "trainLoss") && !$Object.is(message.trainLoss, 0))
                    writer.uint32(/* id 1, wireType 1 =*/9).double(message.trainLoss);
                if (message.trainAccuracy != null && $Object.hasOwnProperty.call(message, "trainAccuracy"))
                    writer.uint32(/* id 2, wireType 1 =*/17).double(message.trainAccuracy);
                if (message.trainSeconds != null && $Object.hasOwnProperty.call(message, "trainSeconds"))
                    writer.uint32(/* id 3, wireType 1 =*/25).double(message.trainSeconds);
                if (message.localSteps != null && $Object.hasOwnProperty.call(message, "localSteps"))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.localSteps);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FitMetrics message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.FitMetrics
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.FitMetrics & fedcxr.v1.FitMetrics.$Shape} FitMetrics
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FitMetrics.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.FitMetrics();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.trainLoss = value;
                            else
                                delete message.trainLoss;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 1)
                                break;
                            message.trainAccuracy = reader.double();
                            message._trainAccuracy = "trainAccuracy";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 1)
                                break;
                            message.trainSeconds = reader.double();
                            message._trainSeconds = "trainSeconds";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            message.localSteps = reader.uint32();
                            message._localSteps = "localSteps";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return FitMetrics;
        })();

        v1.FitRes = (function() {

            /**
             * Properties of a FitRes.
             * @typedef {Object} fedcxr.v1.FitRes.$Properties
             * @property {string|null} [runId] FitRes runId
             * @property {number|null} [round] FitRes round
             * @property {string|null} [siteId] FitRes siteId
             * @property {number|null} [numExamples] FitRes numExamples
             * @property {fedcxr.v1.TensorSet.$Properties|null} [tensors] FitRes tensors
             * @property {fedcxr.v1.FitMetrics.$Properties|null} [metrics] FitRes metrics
             * @property {Array.<fedcxr.v1.ClassPrototype.$Properties>|null} [prototypes] FitRes prototypes
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FitRes.
             * @memberof fedcxr.v1
             * @interface IFitRes
             * @augments fedcxr.v1.FitRes.$Properties
             * @deprecated Use fedcxr.v1.FitRes.$Properties instead.
             */

            /**
             * Shape of a FitRes.
             * @typedef {fedcxr.v1.FitRes.$Properties} fedcxr.v1.FitRes.$Shape
             */

            /**
             * Constructs a new FitRes.
             * @memberof fedcxr.v1
             * @classdesc Represents a FitRes.
             * @constructor
             * @param {fedcxr.v1.FitRes.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FitRes = function (properties) {
                this.prototypes = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * FitRes runId.
             * @member {string} runId
             * @memberof fedcxr.v1.FitRes
             * @instance
             */
            FitRes.prototype.runId = "";

            /**
             * FitRes round.
             * @member {number} round
             * @memberof fedcxr.v1.FitRes
             * @instance
             */
            FitRes.prototype.round = 0;

            /**
             * FitRes siteId.
             * @member {string} siteId
             * @memberof fedcxr.v1.FitRes
             * @instance
             */
            FitRes.prototype.siteId = "";

            /**
             * FitRes numExamples.
             * @member {number} numExamples
             * @memberof fedcxr.v1.FitRes
             * @instance
             */
            FitRes.prototype.numExamples = 0;

            /**
             * FitRes tensors.
             * @member {fedcxr.v1.TensorSet.$Properties|null|undefined} tensors
             * @memberof fedcxr.v1.FitRes
             * @instance
             */
            FitRes.prototype.tensors = null;

            /**
             * FitRes metrics.
             * @member {fedcxr.v1.FitMetrics.$Properties|null|undefined} metrics
             * @memberof fedcxr.v1.FitRes
             * @instance
             */
            FitRes.prototype.metrics = null;

            /**
             * FitRes prototypes.
             * @member {Array.<fedcxr.v1.ClassPrototype.$Properties>} prototypes
             * @memberof fedcxr.v1.FitRes
             * @instance
             */
            FitRes.prototype.prototypes = $util.emptyArray;

            /**
             * Creates a new FitRes instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.FitRes
             * @static
             * @param {fedcxr.v1.FitRes.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.FitRes} FitRes instance
             * @type {{
             *   (properties: fedcxr.v1.FitRes.$Shape): fedcxr.v1.FitRes & fedcxr.v1.FitRes.$Shape;
             *   (properties?: fedcxr.v1.FitRes.$Properties): fedcxr.v1.FitRes;
             * }}
             */
            FitRes.create = function(properties) {
                return new FitRes(properties);
            };

            /**
             * Encodes the specified FitRes message. Does not implicitly {@link fedcxr.v1.FitRes.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.FitRes
             * @static
             * @param {fedcxr.v1.FitRes.$Properties} message FitRes message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FitRes.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.runId != null && $Object.hasOwnProperty.call(message, "runId") && message.runId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.runId);
                if (message.round != null && $Object.hasOwnProperty.call(message, "round") && message.round !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.round);
                if (message.siteId != null && $Object.hasOwnProperty.call(message, "siteId") && message.siteId !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.siteId);
                if (message.numExamples != null && $Object.hasOwnProperty.call(message, "numExamples") && message.numExamples !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.numExamples);
                if (message.tensors != null && $Object.hasOwnProperty.call(message, "tensors"))
                    $root.fedcxr.v1.TensorSet.encode(message.tensors, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.metrics != null && $Object.hasOwnProperty.call(message, "metrics"))
                    $root.fedcxr.v1.FitMetrics.encode(message.metrics, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.prototypes != null && message.prototypes.length)
                    for (let i = 0; i < message.prototypes.length; ++i)
                        $root.fedcxr.v1.ClassPrototype.encode(message.prototypes[i], writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FitRes message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.FitRes
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.FitRes & fedcxr.v1.FitRes.$Shape} FitRes
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FitRes.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.FitRes();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.runId = value;
                            else
                                delete message.runId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.round = value;
                            else
                                delete message.round;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.siteId = value;
                            else
                                delete message.siteId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.numExamples = value;
                            else
                                delete message.numExamples;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.tensors = $root.fedcxr.v1.TensorSet.decode(reader, reader.size(), $undefined, _depth + 1, message.tensors);
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.metrics = $root.fedcxr.v1.FitMetrics.decode(reader, reader.size(), $undefined, _depth + 1, message.metrics);
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if (!(message.prototypes && message.prototypes.length))
                                message.prototypes = [];
                            message.prototypes.push($root.fedcxr.v1.ClassPrototype.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return FitRes;
        })();

        /**
         * Split enum.
         * @name fedcxr.v1.Split
         * @enum {number}
         * @property {number} SPLIT_UNSPECIFIED=0 SPLIT_UNSPECIFIED value
         * @property {number} VAL=1 VAL value
         * @property {number} TEST=2 TEST value
         */
        v1.Split = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SPLIT_UNSPECIFIED"] = 0;
            values[valuesById[1] = "VAL"] = 1;
            values[valuesById[2] = "TEST"] = 2;
            return values;
        })();

        v1.EvaluateIns = (function() {

            /**
             * Properties of an EvaluateIns.
             * @typedef {Object} fedcxr.v1.EvaluateIns.$Properties
             * @property {string|null} [runId] EvaluateIns runId
             * @property {number|null} [round] EvaluateIns round
             * @property {fedcxr.v1.Level|null} [level] EvaluateIns level
             * @property {string|null} [trunkHash] EvaluateIns trunkHash
             * @property {fedcxr.v1.TensorSet.$Properties|null} [tensors] EvaluateIns tensors
             * @property {fedcxr.v1.Split|null} [split] EvaluateIns split
             * @property {number|null} [threshold] EvaluateIns threshold
             * @property {number|null} [histogramBins] EvaluateIns histogramBins
             * @property {Array.<string>|null} [localTensors] EvaluateIns localTensors
             * @property {Uint8Array|null} [tensorsRef] EvaluateIns tensorsRef
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an EvaluateIns.
             * @memberof fedcxr.v1
             * @interface IEvaluateIns
             * @augments fedcxr.v1.EvaluateIns.$Properties
             * @deprecated Use fedcxr.v1.EvaluateIns.$Properties instead.
             */

            /**
             * Shape of an EvaluateIns.
             * @typedef {fedcxr.v1.EvaluateIns.$Properties} fedcxr.v1.EvaluateIns.$Shape
             */

            /**
             * Constructs a new EvaluateIns.
             * @memberof fedcxr.v1
             * @classdesc Represents an EvaluateIns.
             * @constructor
             * @param {fedcxr.v1.EvaluateIns.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const EvaluateIns = function (properties) {
                this.localTensors = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * EvaluateIns runId.
             * @member {string} runId
             * @memberof fedcxr.v1.EvaluateIns
             * @instance
             */
            EvaluateIns.prototype.runId = "";

            /**
             * EvaluateIns round.
             * @member {number} round
             * @memberof fedcxr.v1.EvaluateIns
             * @instance
             */
            EvaluateIns.prototype.round = 0;

            /**
             * EvaluateIns level.
             * @member {fedcxr.v1.Level} level
             * @memberof fedcxr.v1.EvaluateIns
             * @instance
             */
            EvaluateIns.prototype.level = 0;

            /**
             * EvaluateIns trunkHash.
             * @member {string} trunkHash
             * @memberof fedcxr.v1.EvaluateIns
             * @instance
             */
            EvaluateIns.prototype.trunkHash = "";

            /**
             * EvaluateIns tensors.
             * @member {fedcxr.v1.TensorSet.$Properties|null|undefined} tensors
             * @memberof fedcxr.v1.EvaluateIns
             * @instance
             */
            EvaluateIns.prototype.tensors = null;

            /**
             * EvaluateIns split.
             * @member {fedcxr.v1.Split} split
             * @memberof fedcxr.v1.EvaluateIns
             * @instance
             */
            EvaluateIns.prototype.split = 0;

            /**
             * EvaluateIns threshold.
             * @member {number} threshold
             * @memberof fedcxr.v1.EvaluateIns
             * @instance
             */
            EvaluateIns.prototype.threshold = 0;

            /**
             * EvaluateIns histogramBins.
             * @member {number} histogramBins
             * @memberof fedcxr.v1.EvaluateIns
             * @instance
             */
            EvaluateIns.prototype.histogramBins = 0;

            /**
             * EvaluateIns localTensors.
             * @member {Array.<string>} localTensors
             * @memberof fedcxr.v1.EvaluateIns
             * @instance
             */
            EvaluateIns.prototype.localTensors = $util.emptyArray;

            /**
             * EvaluateIns tensorsRef.
             * @member {Uint8Array} tensorsRef
             * @memberof fedcxr.v1.EvaluateIns
             * @instance
             */
            EvaluateIns.prototype.tensorsRef = $util.newBuffer([]);

            /**
             * Creates a new EvaluateIns instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.EvaluateIns
             * @static
             * @param {fedcxr.v1.EvaluateIns.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.EvaluateIns} EvaluateIns instance
             * @type {{
             *   (properties: fedcxr.v1.EvaluateIns.$Shape): fedcxr.v1.EvaluateIns & fedcxr.v1.EvaluateIns.$Shape;
             *   (properties?: fedcxr.v1.EvaluateIns.$Properties): fedcxr.v1.EvaluateIns;
             * }}
             */
            EvaluateIns.create = function(properties) {
                return new EvaluateIns(properties);
            };

            /**
             * Encodes the specified EvaluateIns message. Does not implicitly {@link fedcxr.v1.EvaluateIns.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.EvaluateIns
             * @static
             * @param {fedcxr.v1.EvaluateIns.$Properties} message EvaluateIns message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            EvaluateIns.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.runId != null && $Object.hasOwnProperty.call(message, "runId") && message.runId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.runId);
                if (message.round != null && $Object.hasOwnProperty.call(message, "round") && message.round !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.round);
                if (message.level != null && $Object.hasOwnProperty.call(message, "level") && message.level !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.level);
                if (message.trunkHash != null && $Object.hasOwnProperty.call(message, "trunkHash") && message.trunkHash !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.trunkHash);
                if (message.tensors != null && $Object.hasOwnProperty.call(message, "tensors"))
                    $root.fedcxr.v1.TensorSet.encode(message.tensors, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.split != null && $Object.hasOwnProperty.call(message, "split") && message.split !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).int32(message.split);
                if (message.threshold != null && $Object.hasOwnProperty.call(message, "threshold") && !$Object.is(message.threshold, 0))
                    writer.uint32(/* id 7, wireType 1 =*/57).double(message.threshold);
                if (message.histogramBins != null && $Object.hasOwnProperty.call(message, "histogramBins") && message.histogramBins !== 0)
                    writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.histogramBins);
                if (message.localTensors != null && message.localTensors.length)
                    for (let i = 0; i < message.localTensors.length; ++i)
                        writer.uint32(/* id 20, wireType 2 =*/162).string(message.localTensors[i]);
                if (message.tensorsRef != null && $Object.hasOwnProperty.call(message, "tensorsRef") && message.tensorsRef.length)
                    writer.uint32(/* id 21, wireType 2 =*/170).bytes(message.tensorsRef);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an EvaluateIns message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.EvaluateIns
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.EvaluateIns & fedcxr.v1.EvaluateIns.$Shape} EvaluateIns
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            EvaluateIns.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.EvaluateIns();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.runId = value;
                            else
                                delete message.runId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.round = value;
                            else
                                delete message.round;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.level = value;
                            else
                                delete message.level;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.trunkHash = value;
                            else
                                delete message.trunkHash;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.tensors = $root.fedcxr.v1.TensorSet.decode(reader, reader.size(), $undefined, _depth + 1, message.tensors);
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.split = value;
                            else
                                delete message.split;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.threshold = value;
                            else
                                delete message.threshold;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.histogramBins = value;
                            else
                                delete message.histogramBins;
                            continue;
                        }
                    case 20: {
                            if (wireType !== 2)
                                break;
                            if (!(message.localTensors && message.localTensors.length))
                                message.localTensors = [];
                            message.localTensors.push(reader.stringVerify());
                            continue;
                        }
                    case 21: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.tensorsRef = value;
                            else
                                delete message.tensorsRef;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return EvaluateIns;
        })();

        v1.Confusion = (function() {

            /**
             * Properties of a Confusion.
             * @typedef {Object} fedcxr.v1.Confusion.$Properties
             * @property {number|null} [tp] Confusion tp
             * @property {number|null} [fp] Confusion fp
             * @property {number|null} [tn] Confusion tn
             * @property {number|null} [fn] Confusion fn
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Confusion.
             * @memberof fedcxr.v1
             * @interface IConfusion
             * @augments fedcxr.v1.Confusion.$Properties
             * @deprecated Use fedcxr.v1.Confusion.$Properties instead.
             */

            /**
             * Shape of a Confusion.
             * @typedef {fedcxr.v1.Confusion.$Properties} fedcxr.v1.Confusion.$Shape
             */

            /**
             * Constructs a new Confusion.
             * @memberof fedcxr.v1
             * @classdesc Represents a Confusion.
             * @constructor
             * @param {fedcxr.v1.Confusion.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Confusion = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Confusion tp.
             * @member {number} tp
             * @memberof fedcxr.v1.Confusion
             * @instance
             */
            Confusion.prototype.tp = 0;

            /**
             * Confusion fp.
             * @member {number} fp
             * @memberof fedcxr.v1.Confusion
             * @instance
             */
            Confusion.prototype.fp = 0;

            /**
             * Confusion tn.
             * @member {number} tn
             * @memberof fedcxr.v1.Confusion
             * @instance
             */
            Confusion.prototype.tn = 0;

            /**
             * Confusion fn.
             * @member {number} fn
             * @memberof fedcxr.v1.Confusion
             * @instance
             */
            Confusion.prototype.fn = 0;

            /**
             * Creates a new Confusion instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Confusion
             * @static
             * @param {fedcxr.v1.Confusion.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Confusion} Confusion instance
             * @type {{
             *   (properties: fedcxr.v1.Confusion.$Shape): fedcxr.v1.Confusion & fedcxr.v1.Confusion.$Shape;
             *   (properties?: fedcxr.v1.Confusion.$Properties): fedcxr.v1.Confusion;
             * }}
             */
            Confusion.create = function(properties) {
                return new Confusion(properties);
            };

            /**
             * Encodes the specified Confusion message. Does not implicitly {@link fedcxr.v1.Confusion.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Confusion
             * @static
             * @param {fedcxr.v1.Confusion.$Properties} message Confusion message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Confusion.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.tp != null && $Object.hasOwnProperty.call(message, "tp") && message.tp !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.tp);
                if (message.fp != null && $Object.hasOwnProperty.call(message, "fp") && message.fp !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.fp);
                if (message.tn != null && $Object.hasOwnProperty.call(message, "tn") && message.tn !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.tn);
                if (message.fn != null && $Object.hasOwnProperty.call(message, "fn") && message.fn !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.fn);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Confusion message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Confusion
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Confusion & fedcxr.v1.Confusion.$Shape} Confusion
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Confusion.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Confusion();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.tp = value;
                            else
                                delete message.tp;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.fp = value;
                            else
                                delete message.fp;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.tn = value;
                            else
                                delete message.tn;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.fn = value;
                            else
                                delete message.fn;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Confusion;
        })();

        v1.EvaluateRes = (function() {

            /**
             * Properties of an EvaluateRes.
             * @typedef {Object} fedcxr.v1.EvaluateRes.$Properties
             * @property {string|null} [runId] EvaluateRes runId
             * @property {number|null} [round] EvaluateRes round
             * @property {string|null} [siteId] EvaluateRes siteId
             * @property {number|null} [numExamples] EvaluateRes numExamples
             * @property {number|null} [loss] EvaluateRes loss
             * @property {fedcxr.v1.Confusion.$Properties|null} [confusion] EvaluateRes confusion
             * @property {Array.<number>|null} [positiveHistogram] EvaluateRes positiveHistogram
             * @property {Array.<number>|null} [negativeHistogram] EvaluateRes negativeHistogram
             * @property {boolean|null} [withheld] EvaluateRes withheld
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an EvaluateRes.
             * @memberof fedcxr.v1
             * @interface IEvaluateRes
             * @augments fedcxr.v1.EvaluateRes.$Properties
             * @deprecated Use fedcxr.v1.EvaluateRes.$Properties instead.
             */

            /**
             * Shape of an EvaluateRes.
             * @typedef {fedcxr.v1.EvaluateRes.$Properties} fedcxr.v1.EvaluateRes.$Shape
             */

            /**
             * Constructs a new EvaluateRes.
             * @memberof fedcxr.v1
             * @classdesc Represents an EvaluateRes.
             * @constructor
             * @param {fedcxr.v1.EvaluateRes.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const EvaluateRes = function (properties) {
                this.positiveHistogram = [];
                this.negativeHistogram = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * EvaluateRes runId.
             * @member {string} runId
             * @memberof fedcxr.v1.EvaluateRes
             * @instance
             */
            EvaluateRes.prototype.runId = "";

            /**
             * EvaluateRes round.
             * @member {number} round
             * @memberof fedcxr.v1.EvaluateRes
             * @instance
             */
            EvaluateRes.prototype.round = 0;

            /**
             * EvaluateRes siteId.
             * @member {string} siteId
             * @memberof fedcxr.v1.EvaluateRes
             * @instance
             */
            EvaluateRes.prototype.siteId = "";

            /**
             * EvaluateRes numExamples.
             * @member {number} numExamples
             * @memberof fedcxr.v1.EvaluateRes
             * @instance
             */
            EvaluateRes.prototype.numExamples = 0;

            /**
             * EvaluateRes loss.
             * @member {number} loss
             * @memberof fedcxr.v1.EvaluateRes
             * @instance
             */
            EvaluateRes.prototype.loss = 0;

            /**
             * EvaluateRes confusion.
             * @member {fedcxr.v1.Confusion.$Properties|null|undefined} confusion
             * @memberof fedcxr.v1.EvaluateRes
             * @instance
             */
            EvaluateRes.prototype.confusion = null;

            /**
             * EvaluateRes positiveHistogram.
             * @member {Array.<number>} positiveHistogram
             * @memberof fedcxr.v1.EvaluateRes
             * @instance
             */
            EvaluateRes.prototype.positiveHistogram = $util.emptyArray;

            /**
             * EvaluateRes negativeHistogram.
             * @member {Array.<number>} negativeHistogram
             * @memberof fedcxr.v1.EvaluateRes
             * @instance
             */
            EvaluateRes.prototype.negativeHistogram = $util.emptyArray;

            /**
             * EvaluateRes withheld.
             * @member {boolean} withheld
             * @memberof fedcxr.v1.EvaluateRes
             * @instance
             */
            EvaluateRes.prototype.withheld = false;

            /**
             * Creates a new EvaluateRes instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.EvaluateRes
             * @static
             * @param {fedcxr.v1.EvaluateRes.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.EvaluateRes} EvaluateRes instance
             * @type {{
             *   (properties: fedcxr.v1.EvaluateRes.$Shape): fedcxr.v1.EvaluateRes & fedcxr.v1.EvaluateRes.$Shape;
             *   (properties?: fedcxr.v1.EvaluateRes.$Properties): fedcxr.v1.EvaluateRes;
             * }}
             */
            EvaluateRes.create = function(properties) {
                return new EvaluateRes(properties);
            };

            /**
             * Encodes the specified EvaluateRes message. Does not implicitly {@link fedcxr.v1.EvaluateRes.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.EvaluateRes
             * @static
             * @param {fedcxr.v1.EvaluateRes.$Properties} message EvaluateRes message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            EvaluateRes.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.runId != null && $Object.hasOwnProperty.call(message, "runId") && message.runId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.runId);
                if (message.round != null && $Object.hasOwnProperty.call(message, "round") && message.round !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.round);
                if (message.siteId != null && $Object.hasOwnProperty.call(message, "siteId") && message.siteId !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.siteId);
                if (message.numExamples != null && $Object.hasOwnProperty.call(message, "numExamples") && message.numExamples !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.numExamples);
                if (message.loss != null && $Object.hasOwnProperty.call(message, "loss") && !$Object.is(message.loss, 0))
                    writer.uint32(/* id 5, wireType 1 =*/41).double(message.loss);
                if (message.confusion != null && $Object.hasOwnProperty.call(message, "confusion"))
                    $root.fedcxr.v1.Confusion.encode(message.confusion, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.positiveHistogram != null && message.positiveHistogram.length)
                    writer.uint32(/* id 7, wireType 2 =*/58).uint32s(message.positiveHistogram);
                if (message.negativeHistogram != null && message.negativeHistogram.length)
                    writer.uint32(/* id 8, wireType 2 =*/66).uint32s(message.negativeHistogram);
                if (message.withheld != null && $Object.hasOwnProperty.call(message, "withheld") && message.withheld !== false)
                    writer.uint32(/* id 9, wireType 0 =*/72).bool(message.withheld);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an EvaluateRes message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.EvaluateRes
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.EvaluateRes & fedcxr.v1.EvaluateRes.$Shape} EvaluateRes
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            EvaluateRes.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.EvaluateRes();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.runId = value;
                            else
                                delete message.runId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.round = value;
                            else
                                delete message.round;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.siteId = value;
                            else
                                delete message.siteId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.numExamples = value;
                            else
                                delete message.numExamples;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.loss = value;
                            else
                                delete message.loss;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.confusion = $root.fedcxr.v1.Confusion.decode(reader, reader.size(), $undefined, _depth + 1, message.confusion);
                            continue;
                        }
                    case 7: {
                            if (wireType === 2) {
                                if (!(message.positiveHistogram && message.positiveHistogram.length))
                                    message.positiveHistogram = [];
                                reader.uint32s(message.positiveHistogram);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.positiveHistogram && message.positiveHistogram.length))
                                message.positiveHistogram = [];
                            message.positiveHistogram.push(reader.uint32());
                            continue;
                        }
                    case 8: {
                            if (wireType === 2) {
                                if (!(message.negativeHistogram && message.negativeHistogram.length))
                                    message.negativeHistogram = [];
                                reader.uint32s(message.negativeHistogram);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.negativeHistogram && message.negativeHistogram.length))
                                message.negativeHistogram = [];
                            message.negativeHistogram.push(reader.uint32());
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.withheld = value;
                            else
                                delete message.withheld;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return EvaluateRes;
        })();

        v1.Heartbeat = (function() {

            /**
             * Properties of a Heartbeat.
             * @typedef {Object} fedcxr.v1.Heartbeat.$Properties
             * @property {string|null} [runId] Heartbeat runId
             * @property {number|null} [round] Heartbeat round
             * @property {string|null} [siteId] Heartbeat siteId
             * @property {number|null} [progress] Heartbeat progress
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Heartbeat.
             * @memberof fedcxr.v1
             * @interface IHeartbeat
             * @augments fedcxr.v1.Heartbeat.$Properties
             * @deprecated Use fedcxr.v1.Heartbeat.$Properties instead.
             */

            /**
             * Shape of a Heartbeat.
             * @typedef {fedcxr.v1.Heartbeat.$Properties} fedcxr.v1.Heartbeat.$Shape
             */

            /**
             * Constructs a new Heartbeat.
             * @memberof fedcxr.v1
             * @classdesc Represents a Heartbeat.
             * @constructor
             * @param {fedcxr.v1.Heartbeat.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Heartbeat = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Heartbeat runId.
             * @member {string} runId
             * @memberof fedcxr.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.runId = "";

            /**
             * Heartbeat round.
             * @member {number} round
             * @memberof fedcxr.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.round = 0;

            /**
             * Heartbeat siteId.
             * @member {string} siteId
             * @memberof fedcxr.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.siteId = "";

            /**
             * Heartbeat progress.
             * @member {number} progress
             * @memberof fedcxr.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.progress = 0;

            /**
             * Creates a new Heartbeat instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Heartbeat
             * @static
             * @param {fedcxr.v1.Heartbeat.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Heartbeat} Heartbeat instance
             * @type {{
             *   (properties: fedcxr.v1.Heartbeat.$Shape): fedcxr.v1.Heartbeat & fedcxr.v1.Heartbeat.$Shape;
             *   (properties?: fedcxr.v1.Heartbeat.$Properties): fedcxr.v1.Heartbeat;
             * }}
             */
            Heartbeat.create = function(properties) {
                return new Heartbeat(properties);
            };

            /**
             * Encodes the specified Heartbeat message. Does not implicitly {@link fedcxr.v1.Heartbeat.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Heartbeat
             * @static
             * @param {fedcxr.v1.Heartbeat.$Properties} message Heartbeat message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Heartbeat.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.runId != null && $Object.hasOwnProperty.call(message, "runId") && message.runId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.runId);
                if (message.round != null && $Object.hasOwnProperty.call(message, "round") && message.round !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.round);
                if (message.siteId != null && $Object.hasOwnProperty.call(message, "siteId") && message.siteId !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.siteId);
                if (message.progress != null && $Object.hasOwnProperty.call(message, "progress") && !$Object.is(message.progress, 0))
                    writer.uint32(/* id 4, wireType 1 =*/33).double(message.progress);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Heartbeat message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Heartbeat
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Heartbeat & fedcxr.v1.Heartbeat.$Shape} Heartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Heartbeat.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Heartbeat();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.runId = value;
                            else
                                delete message.runId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.round = value;
                            else
                                delete message.round;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.siteId = value;
                            else
                                delete message.siteId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.progress = value;
                            else
                                delete message.progress;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Heartbeat;
        })();

        /**
         * TaskKind enum.
         * @name fedcxr.v1.TaskKind
         * @enum {number}
         * @property {number} TASK_KIND_UNSPECIFIED=0 TASK_KIND_UNSPECIFIED value
         * @property {number} FIT=1 FIT value
         * @property {number} EVALUATE=2 EVALUATE value
         */
        v1.TaskKind = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "TASK_KIND_UNSPECIFIED"] = 0;
            values[valuesById[1] = "FIT"] = 1;
            values[valuesById[2] = "EVALUATE"] = 2;
            return values;
        })();

        v1.Failure = (function() {

            /**
             * Properties of a Failure.
             * @typedef {Object} fedcxr.v1.Failure.$Properties
             * @property {string|null} [runId] Failure runId
             * @property {number|null} [round] Failure round
             * @property {fedcxr.v1.TaskKind|null} [kind] Failure kind
             * @property {fedcxr.v1.Error.$Properties|null} [error] Failure error
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Failure.
             * @memberof fedcxr.v1
             * @interface IFailure
             * @augments fedcxr.v1.Failure.$Properties
             * @deprecated Use fedcxr.v1.Failure.$Properties instead.
             */

            /**
             * Shape of a Failure.
             * @typedef {fedcxr.v1.Failure.$Properties} fedcxr.v1.Failure.$Shape
             */

            /**
             * Constructs a new Failure.
             * @memberof fedcxr.v1
             * @classdesc Represents a Failure.
             * @constructor
             * @param {fedcxr.v1.Failure.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Failure = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Failure runId.
             * @member {string} runId
             * @memberof fedcxr.v1.Failure
             * @instance
             */
            Failure.prototype.runId = "";

            /**
             * Failure round.
             * @member {number} round
             * @memberof fedcxr.v1.Failure
             * @instance
             */
            Failure.prototype.round = 0;

            /**
             * Failure kind.
             * @member {fedcxr.v1.TaskKind} kind
             * @memberof fedcxr.v1.Failure
             * @instance
             */
            Failure.prototype.kind = 0;

            /**
             * Failure error.
             * @member {fedcxr.v1.Error.$Properties|null|undefined} error
             * @memberof fedcxr.v1.Failure
             * @instance
             */
            Failure.prototype.error = null;

            /**
             * Creates a new Failure instance using the specified properties.
             * @function create
             * @memberof fedcxr.v1.Failure
             * @static
             * @param {fedcxr.v1.Failure.$Properties=} [properties] Properties to set
             * @returns {fedcxr.v1.Failure} Failure instance
             * @type {{
             *   (properties: fedcxr.v1.Failure.$Shape): fedcxr.v1.Failure & fedcxr.v1.Failure.$Shape;
             *   (properties?: fedcxr.v1.Failure.$Properties): fedcxr.v1.Failure;
             * }}
             */
            Failure.create = function(properties) {
                return new Failure(properties);
            };

            /**
             * Encodes the specified Failure message. Does not implicitly {@link fedcxr.v1.Failure.verify|verify} messages.
             * @function encode
             * @memberof fedcxr.v1.Failure
             * @static
             * @param {fedcxr.v1.Failure.$Properties} message Failure message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Failure.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.runId != null && $Object.hasOwnProperty.call(message, "runId") && message.runId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.runId);
                if (message.round != null && $Object.hasOwnProperty.call(message, "round") && message.round !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.round);
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind") && message.kind !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.kind);
                if (message.error != null && $Object.hasOwnProperty.call(message, "error"))
                    $root.fedcxr.v1.Error.encode(message.error, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Failure message from the specified reader or buffer.
             * @function decode
             * @memberof fedcxr.v1.Failure
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {fedcxr.v1.Failure & fedcxr.v1.Failure.$Shape} Failure
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Failure.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.fedcxr.v1.Failure();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.runId = value;
                            else
                                delete message.runId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.round = value;
                            else
                                delete message.round;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.kind = value;
                            else
                                delete message.kind;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.error = $root.fedcxr.v1.Error.decode(reader, reader.size(), $undefined, _depth + 1, message.error);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Failure;
        })();

        return v1;
    })();

    return fedcxr;
})();

export {
  $root as default
};
