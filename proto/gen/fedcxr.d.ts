import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace fedcxr {

    namespace v1 {

        enum DType {
            DTYPE_UNSPECIFIED = 0,
            FLOAT32 = 1,
            FLOAT16 = 2
        }

        interface ITensor extends fedcxr.v1.Tensor.$Properties {
        }

        class Tensor {
            constructor(properties?: fedcxr.v1.Tensor.$Properties);
            $unknowns?: Uint8Array[];
            name: string;
            dtype: fedcxr.v1.DType;
            shape: number[];
            data: Uint8Array;
            static create(properties: fedcxr.v1.Tensor.$Shape): fedcxr.v1.Tensor & fedcxr.v1.Tensor.$Shape;
            static create(properties?: fedcxr.v1.Tensor.$Properties): fedcxr.v1.Tensor;
            static encode(message: fedcxr.v1.Tensor.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Tensor & fedcxr.v1.Tensor.$Shape;
        }

        namespace Tensor {
            interface $Properties {
                name?: (string|null);
                dtype?: (fedcxr.v1.DType|null);
                shape?: (number[]|null);
                data?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.Tensor.$Properties;
        }

        interface ITensorSet extends fedcxr.v1.TensorSet.$Properties {
        }

        class TensorSet {
            constructor(properties?: fedcxr.v1.TensorSet.$Properties);
            $unknowns?: Uint8Array[];
            tensors: fedcxr.v1.Tensor.$Properties[];
            static create(properties: fedcxr.v1.TensorSet.$Shape): fedcxr.v1.TensorSet & fedcxr.v1.TensorSet.$Shape;
            static create(properties?: fedcxr.v1.TensorSet.$Properties): fedcxr.v1.TensorSet;
            static encode(message: fedcxr.v1.TensorSet.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.TensorSet & fedcxr.v1.TensorSet.$Shape;
        }

        namespace TensorSet {
            interface $Properties {
                tensors?: (fedcxr.v1.Tensor.$Properties[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.TensorSet.$Properties;
        }

        interface IChunk extends fedcxr.v1.Chunk.$Properties {
        }

        class Chunk {
            constructor(properties?: fedcxr.v1.Chunk.$Properties);
            $unknowns?: Uint8Array[];
            transferId: string;
            index: number;
            count: number;
            totalBytes: number;
            sha256: Uint8Array;
            offset: number;
            data: Uint8Array;
            static create(properties: fedcxr.v1.Chunk.$Shape): fedcxr.v1.Chunk & fedcxr.v1.Chunk.$Shape;
            static create(properties?: fedcxr.v1.Chunk.$Properties): fedcxr.v1.Chunk;
            static encode(message: fedcxr.v1.Chunk.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Chunk & fedcxr.v1.Chunk.$Shape;
        }

        namespace Chunk {
            interface $Properties {
                transferId?: (string|null);
                index?: (number|null);
                count?: (number|null);
                totalBytes?: (number|null);
                sha256?: (Uint8Array|null);
                offset?: (number|null);
                data?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.Chunk.$Properties;
        }

        interface IEnvelope extends fedcxr.v1.Envelope.$Properties {
        }

        class Envelope {
            constructor(properties?: fedcxr.v1.Envelope.$Properties);
            $unknowns?: Uint8Array[];
            inline?: (Uint8Array|null);
            transferId?: (string|null);
            body?: ("inline"|"transferId");
            static create(properties: fedcxr.v1.Envelope.$Shape): fedcxr.v1.Envelope & fedcxr.v1.Envelope.$Shape;
            static create(properties?: fedcxr.v1.Envelope.$Properties): fedcxr.v1.Envelope;
            static encode(message: fedcxr.v1.Envelope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Envelope & fedcxr.v1.Envelope.$Shape;
        }

        namespace Envelope {
            interface $Properties {
                inline?: (Uint8Array|null);
                transferId?: (string|null);
                body?: ("inline"|"transferId");
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              inline?: Uint8Array|null;
              transferId?: string|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; inline?: null; transferId?: null }|{ body?: "inline"; inline: Uint8Array; transferId?: null }|{ body?: "transferId"; inline?: null; transferId: string })
            );
        }

        enum ErrorCode {
            ERROR_CODE_UNSPECIFIED = 0,
            PROTOCOL = 1,
            AUTH = 2,
            VERSION = 3,
            VALUE = 4,
            STALE = 5,
            LIMIT = 6,
            TIMEOUT = 7,
            INTERNAL = 8,
            UNAVAILABLE = 9
        }

        interface IError extends fedcxr.v1.Error.$Properties {
        }

        class Error {
            constructor(properties?: fedcxr.v1.Error.$Properties);
            $unknowns?: Uint8Array[];
            code: fedcxr.v1.ErrorCode;
            message: string;
            field: string;
            static create(properties: fedcxr.v1.Error.$Shape): fedcxr.v1.Error & fedcxr.v1.Error.$Shape;
            static create(properties?: fedcxr.v1.Error.$Properties): fedcxr.v1.Error;
            static encode(message: fedcxr.v1.Error.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Error & fedcxr.v1.Error.$Shape;
        }

        namespace Error {
            interface $Properties {
                code?: (fedcxr.v1.ErrorCode|null);
                message?: (string|null);
                field?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.Error.$Properties;
        }

        interface IOk extends fedcxr.v1.Ok.$Properties {
        }

        class Ok {
            constructor(properties?: fedcxr.v1.Ok.$Properties);
            $unknowns?: Uint8Array[];
            static create(properties: fedcxr.v1.Ok.$Shape): fedcxr.v1.Ok & fedcxr.v1.Ok.$Shape;
            static create(properties?: fedcxr.v1.Ok.$Properties): fedcxr.v1.Ok;
            static encode(message: fedcxr.v1.Ok.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Ok & fedcxr.v1.Ok.$Shape;
        }

        namespace Ok {
            interface $Properties {
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.Ok.$Properties;
        }

        interface IReply extends fedcxr.v1.Reply.$Properties {
        }

        class Reply {
            constructor(properties?: fedcxr.v1.Reply.$Properties);
            $unknowns?: Uint8Array[];
            error?: (fedcxr.v1.Error.$Properties|null);
            ok?: (fedcxr.v1.Ok.$Properties|null);
            challenge?: (fedcxr.v1.Challenge.$Properties|null);
            serverProof?: (fedcxr.v1.ServerProof.$Properties|null);
            prepare?: (fedcxr.v1.PrepareAck.$Properties|null);
            body?: ("error"|"ok"|"challenge"|"serverProof"|"prepare");
            static create(properties: fedcxr.v1.Reply.$Shape): fedcxr.v1.Reply & fedcxr.v1.Reply.$Shape;
            static create(properties?: fedcxr.v1.Reply.$Properties): fedcxr.v1.Reply;
            static encode(message: fedcxr.v1.Reply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Reply & fedcxr.v1.Reply.$Shape;
        }

        namespace Reply {
            interface $Properties {
                error?: (fedcxr.v1.Error.$Properties|null);
                ok?: (fedcxr.v1.Ok.$Properties|null);
                challenge?: (fedcxr.v1.Challenge.$Properties|null);
                serverProof?: (fedcxr.v1.ServerProof.$Properties|null);
                prepare?: (fedcxr.v1.PrepareAck.$Properties|null);
                body?: ("error"|"ok"|"challenge"|"serverProof"|"prepare");
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              error?: fedcxr.v1.Error.$Shape|null;
              ok?: fedcxr.v1.Ok.$Shape|null;
              challenge?: fedcxr.v1.Challenge.$Shape|null;
              serverProof?: fedcxr.v1.ServerProof.$Shape|null;
              prepare?: fedcxr.v1.PrepareAck.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; error?: null; ok?: null; challenge?: null; serverProof?: null; prepare?: null }|{ body?: "error"; error: fedcxr.v1.Error.$Shape; ok?: null; challenge?: null; serverProof?: null; prepare?: null }|{ body?: "ok"; error?: null; ok: fedcxr.v1.Ok.$Shape; challenge?: null; serverProof?: null; prepare?: null }|{ body?: "challenge"; error?: null; ok?: null; challenge: fedcxr.v1.Challenge.$Shape; serverProof?: null; prepare?: null }|{ body?: "serverProof"; error?: null; ok?: null; challenge?: null; serverProof: fedcxr.v1.ServerProof.$Shape; prepare?: null }|{ body?: "prepare"; error?: null; ok?: null; challenge?: null; serverProof?: null; prepare: fedcxr.v1.PrepareAck.$Shape })
            );
        }

        interface IHello extends fedcxr.v1.Hello.$Properties {
        }

        class Hello {
            constructor(properties?: fedcxr.v1.Hello.$Properties);
            $unknowns?: Uint8Array[];
            siteId: string;
            protocolVersion: number;
            static create(properties: fedcxr.v1.Hello.$Shape): fedcxr.v1.Hello & fedcxr.v1.Hello.$Shape;
            static create(properties?: fedcxr.v1.Hello.$Properties): fedcxr.v1.Hello;
            static encode(message: fedcxr.v1.Hello.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Hello & fedcxr.v1.Hello.$Shape;
        }

        namespace Hello {
            interface $Properties {
                siteId?: (string|null);
                protocolVersion?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.Hello.$Properties;
        }

        interface IChallenge extends fedcxr.v1.Challenge.$Properties {
        }

        class Challenge {
            constructor(properties?: fedcxr.v1.Challenge.$Properties);
            $unknowns?: Uint8Array[];
            protocolVersion: number;
            serverNonce: Uint8Array;
            static create(properties: fedcxr.v1.Challenge.$Shape): fedcxr.v1.Challenge & fedcxr.v1.Challenge.$Shape;
            static create(properties?: fedcxr.v1.Challenge.$Properties): fedcxr.v1.Challenge;
            static encode(message: fedcxr.v1.Challenge.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Challenge & fedcxr.v1.Challenge.$Shape;
        }

        namespace Challenge {
            interface $Properties {
                protocolVersion?: (number|null);
                serverNonce?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.Challenge.$Properties;
        }

        interface IChallengeResponse extends fedcxr.v1.ChallengeResponse.$Properties {
        }

        class ChallengeResponse {
            constructor(properties?: fedcxr.v1.ChallengeResponse.$Properties);
            $unknowns?: Uint8Array[];
            siteId: string;
            siteNonce: Uint8Array;
            siteProof: Uint8Array;
            static create(properties: fedcxr.v1.ChallengeResponse.$Shape): fedcxr.v1.ChallengeResponse & fedcxr.v1.ChallengeResponse.$Shape;
            static create(properties?: fedcxr.v1.ChallengeResponse.$Properties): fedcxr.v1.ChallengeResponse;
            static encode(message: fedcxr.v1.ChallengeResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.ChallengeResponse & fedcxr.v1.ChallengeResponse.$Shape;
        }

        namespace ChallengeResponse {
            interface $Properties {
                siteId?: (string|null);
                siteNonce?: (Uint8Array|null);
                siteProof?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.ChallengeResponse.$Properties;
        }

        interface IServerProof extends fedcxr.v1.ServerProof.$Properties {
        }

        class ServerProof {
            constructor(properties?: fedcxr.v1.ServerProof.$Properties);
            $unknowns?: Uint8Array[];
            coordinatorProof: Uint8Array;
            static create(properties: fedcxr.v1.ServerProof.$Shape): fedcxr.v1.ServerProof & fedcxr.v1.ServerProof.$Shape;
            static create(properties?: fedcxr.v1.ServerProof.$Properties): fedcxr.v1.ServerProof;
            static encode(message: fedcxr.v1.ServerProof.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.ServerProof & fedcxr.v1.ServerProof.$Shape;
        }

        namespace ServerProof {
            interface $Properties {
                coordinatorProof?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.ServerProof.$Properties;
        }

        interface IClassCounts extends fedcxr.v1.ClassCounts.$Properties {
        }

        class ClassCounts {
            constructor(properties?: fedcxr.v1.ClassCounts.$Properties);
            $unknowns?: Uint8Array[];
            normal: number;
            disease: number;
            static create(properties: fedcxr.v1.ClassCounts.$Shape): fedcxr.v1.ClassCounts & fedcxr.v1.ClassCounts.$Shape;
            static create(properties?: fedcxr.v1.ClassCounts.$Properties): fedcxr.v1.ClassCounts;
            static encode(message: fedcxr.v1.ClassCounts.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.ClassCounts & fedcxr.v1.ClassCounts.$Shape;
        }

        namespace ClassCounts {
            interface $Properties {
                normal?: (number|null);
                disease?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.ClassCounts.$Properties;
        }

        interface IRegister extends fedcxr.v1.Register.$Properties {
        }

        class Register {
            constructor(properties?: fedcxr.v1.Register.$Properties);
            $unknowns?: Uint8Array[];
            siteId: string;
            protocolVersion: number;
            capabilities: string[];
            train?: (fedcxr.v1.ClassCounts.$Properties|null);
            val?: (fedcxr.v1.ClassCounts.$Properties|null);
            test?: (fedcxr.v1.ClassCounts.$Properties|null);
            intensityHistogram: number[];
            static create(properties: fedcxr.v1.Register.$Shape): fedcxr.v1.Register & fedcxr.v1.Register.$Shape;
            static create(properties?: fedcxr.v1.Register.$Properties): fedcxr.v1.Register;
            static encode(message: fedcxr.v1.Register.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Register & fedcxr.v1.Register.$Shape;
        }

        namespace Register {
            interface $Properties {
                siteId?: (string|null);
                protocolVersion?: (number|null);
                capabilities?: (string[]|null);
                train?: (fedcxr.v1.ClassCounts.$Properties|null);
                val?: (fedcxr.v1.ClassCounts.$Properties|null);
                test?: (fedcxr.v1.ClassCounts.$Properties|null);
                intensityHistogram?: (number[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.Register.$Properties;
        }

        enum Level {
            LEVEL_UNSPECIFIED = 0,
            FC = 1,
            B5 = 2,
            B4 = 3,
            B3 = 4,
            B2 = 5,
            B1 = 6
        }

        interface IRunSpec extends fedcxr.v1.RunSpec.$Properties {
        }

        class RunSpec {
            constructor(properties?: fedcxr.v1.RunSpec.$Properties);
            $unknowns?: Uint8Array[];
            runId: string;
            level: fedcxr.v1.Level;
            modelConfigJson: string;
            trunkHash: string;
            updateDtype: fedcxr.v1.DType;
            heartbeatTimeoutMs: number;
            maxChunkBytes: number;
            maxMessageBytes: number;
            referenceHistogram: number[];
            static create(properties: fedcxr.v1.RunSpec.$Shape): fedcxr.v1.RunSpec & fedcxr.v1.RunSpec.$Shape;
            static create(properties?: fedcxr.v1.RunSpec.$Properties): fedcxr.v1.RunSpec;
            static encode(message: fedcxr.v1.RunSpec.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.RunSpec & fedcxr.v1.RunSpec.$Shape;
        }

        namespace RunSpec {
            interface $Properties {
                runId?: (string|null);
                level?: (fedcxr.v1.Level|null);
                modelConfigJson?: (string|null);
                trunkHash?: (string|null);
                updateDtype?: (fedcxr.v1.DType|null);
                heartbeatTimeoutMs?: (number|null);
                maxChunkBytes?: (number|null);
                maxMessageBytes?: (number|null);
                referenceHistogram?: (number[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.RunSpec.$Properties;
        }

        interface IPrepareAck extends fedcxr.v1.PrepareAck.$Properties {
        }

        class PrepareAck {
            constructor(properties?: fedcxr.v1.PrepareAck.$Properties);
            $unknowns?: Uint8Array[];
            hasTrunk: boolean;
            static create(properties: fedcxr.v1.PrepareAck.$Shape): fedcxr.v1.PrepareAck & fedcxr.v1.PrepareAck.$Shape;
            static create(properties?: fedcxr.v1.PrepareAck.$Properties): fedcxr.v1.PrepareAck;
            static encode(message: fedcxr.v1.PrepareAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.PrepareAck & fedcxr.v1.PrepareAck.$Shape;
        }

        namespace PrepareAck {
            interface $Properties {
                hasTrunk?: (boolean|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.PrepareAck.$Properties;
        }

        interface ITrunk extends fedcxr.v1.Trunk.$Properties {
        }

        class Trunk {
            constructor(properties?: fedcxr.v1.Trunk.$Properties);
            $unknowns?: Uint8Array[];
            runId: string;
            trunkHash: string;
            tensors?: (fedcxr.v1.TensorSet.$Properties|null);
            static create(properties: fedcxr.v1.Trunk.$Shape): fedcxr.v1.Trunk & fedcxr.v1.Trunk.$Shape;
            static create(properties?: fedcxr.v1.Trunk.$Properties): fedcxr.v1.Trunk;
            static encode(message: fedcxr.v1.Trunk.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Trunk & fedcxr.v1.Trunk.$Shape;
        }

        namespace Trunk {
            interface $Properties {
                runId?: (string|null);
                trunkHash?: (string|null);
                tensors?: (fedcxr.v1.TensorSet.$Properties|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.Trunk.$Properties;
        }

        interface IHold extends fedcxr.v1.Hold.$Properties {
        }

        class Hold {
            constructor(properties?: fedcxr.v1.Hold.$Properties);
            $unknowns?: Uint8Array[];
            runId: string;
            tensors?: (fedcxr.v1.TensorSet.$Properties|null);
            static create(properties: fedcxr.v1.Hold.$Shape): fedcxr.v1.Hold & fedcxr.v1.Hold.$Shape;
            static create(properties?: fedcxr.v1.Hold.$Properties): fedcxr.v1.Hold;
            static encode(message: fedcxr.v1.Hold.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Hold & fedcxr.v1.Hold.$Shape;
        }

        namespace Hold {
            interface $Properties {
                runId?: (string|null);
                tensors?: (fedcxr.v1.TensorSet.$Properties|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.Hold.$Properties;
        }

        enum Optimizer {
            OPTIMIZER_UNSPECIFIED = 0,
            ADAM = 1,
            SGD = 2
        }

        interface IFitConfig extends fedcxr.v1.FitConfig.$Properties {
        }

        class FitConfig {
            constructor(properties?: fedcxr.v1.FitConfig.$Properties);
            $unknowns?: Uint8Array[];
            localEpochs: number;
            batchSize: number;
            learningRate: number;
            proximalMu: number;
            seed: number;
            optimizer: fedcxr.v1.Optimizer;
            classWeightNormal?: (number|null);
            classWeightDisease?: (number|null);
            localTensors: string[];
            logitAdjust?: (boolean|null);
            Weight?: (number|null);
            s: fedcxr.v1.ClassPrototype.$Properties[];
            scaffold?: (boolean|null);
            control?: (fedcxr.v1.TensorSet.$Properties|null);
            static create(properties: fedcxr.v1.FitConfig.$Shape): fedcxr.v1.FitConfig & fedcxr.v1.FitConfig.$Shape;
            static create(properties?: fedcxr.v1.FitConfig.$Properties): fedcxr.v1.FitConfig;
            static encode(message: fedcxr.v1.FitConfig.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.FitConfig & fedcxr.v1.FitConfig.$Shape;
        }

        namespace FitConfig {
            interface $Properties {
                localEpochs?: (number|null);
                batchSize?: (number|null);
                learningRate?: (number|null);
                proximalMu?: (number|null);
                seed?: (number|null);
                optimizer?: (fedcxr.v1.Optimizer|null);
                classWeightNormal?: (number|null);
                classWeightDisease?: (number|null);
                localTensors?: (string[]|null);
                logitAdjust?: (boolean|null);
                prototypeWeight?: (number|null);
                prototypes?: (fedcxr.v1.ClassPrototype.$Properties[]|null);
                scaffold?: (boolean|null);
                control?: (fedcxr.v1.TensorSet.$Properties|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.FitConfig.$Properties;
        }

        interface IClassPrototype extends fedcxr.v1.ClassPrototype.$Properties {
        }

        class ClassPrototype {
            constructor(properties?: fedcxr.v1.ClassPrototype.$Properties);
            $unknowns?: Uint8Array[];
            label: number;
            count: number;
            mean: number[];
            static create(properties: fedcxr.v1.ClassPrototype.$Shape): fedcxr.v1.ClassPrototype & fedcxr.v1.ClassPrototype.$Shape;
            static create(properties?: fedcxr.v1.ClassPrototype.$Properties): fedcxr.v1.ClassPrototype;
            static encode(message: fedcxr.v1.ClassPrototype.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.ClassPrototype & fedcxr.v1.ClassPrototype.$Shape;
        }

        namespace ClassPrototype {
            interface $Properties {
                label?: (number|null);
                count?: (number|null);
                mean?: (number[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.ClassPrototype.$Properties;
        }

        interface IFitIns extends fedcxr.v1.FitIns.$Properties {
        }

        class FitIns {
            constructor(properties?: fedcxr.v1.FitIns.$Properties);
            $unknowns?: Uint8Array[];
            runId: string;
            round: number;
            level: fedcxr.v1.Level;
            trunkHash: string;
            tensors?: (fedcxr.v1.TensorSet.$Properties|null);
            config?: (fedcxr.v1.FitConfig.$Properties|null);
            tensorsRef: Uint8Array;
            static create(properties: fedcxr.v1.FitIns.$Shape): fedcxr.v1.FitIns & fedcxr.v1.FitIns.$Shape;
            static create(properties?: fedcxr.v1.FitIns.$Properties): fedcxr.v1.FitIns;
            static encode(message: fedcxr.v1.FitIns.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.FitIns & fedcxr.v1.FitIns.$Shape;
        }

        namespace FitIns {
            interface $Properties {
                runId?: (string|null);
                round?: (number|null);
                level?: (fedcxr.v1.Level|null);
                trunkHash?: (string|null);
                tensors?: (fedcxr.v1.TensorSet.$Properties|null);
                config?: (fedcxr.v1.FitConfig.$Properties|null);
                tensorsRef?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.FitIns.$Properties;
        }

        interface IFitMetrics extends fedcxr.v1.FitMetrics.$Properties {
        }

        class FitMetrics {
            constructor(properties?: fedcxr.v1.FitMetrics.$Properties);
            $unknowns?: Uint8Array[];
            trainLoss: number;
            trainAccuracy?: (number|null);
            trainSeconds?: (number|null);
            localSteps?: (number|null);
            static create(properties: fedcxr.v1.FitMetrics.$Shape): fedcxr.v1.FitMetrics & fedcxr.v1.FitMetrics.$Shape;
            static create(properties?: fedcxr.v1.FitMetrics.$Properties): fedcxr.v1.FitMetrics;
            static encode(message: fedcxr.v1.FitMetrics.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.FitMetrics & fedcxr.v1.FitMetrics.$Shape;
        }

        namespace FitMetrics {
            interface $Properties {
                trainLoss?: (number|null);
                trainAccuracy?: (number|null);
                trainSeconds?: (number|null);
                localSteps?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.FitMetrics.$Properties;
        }

        interface IFitRes extends fedcxr.v1.FitRes.$Properties {
        }

        class FitRes {
            constructor(properties?: fedcxr.v1.FitRes.$Properties);
            $unknowns?: Uint8Array[];
            runId: string;
            round: number;
            siteId: string;
            numExamples: number;
            tensors?: (fedcxr.v1.TensorSet.$Properties|null);
            metrics?: (fedcxr.v1.FitMetrics.$Properties|null);
            s: fedcxr.v1.ClassPrototype.$Properties[];
            static create(properties: fedcxr.v1.FitRes.$Shape): fedcxr.v1.FitRes & fedcxr.v1.FitRes.$Shape;
            static create(properties?: fedcxr.v1.FitRes.$Properties): fedcxr.v1.FitRes;
            static encode(message: fedcxr.v1.FitRes.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.FitRes & fedcxr.v1.FitRes.$Shape;
        }

        namespace FitRes {
            interface $Properties {
                runId?: (string|null);
                round?: (number|null);
                siteId?: (string|null);
                numExamples?: (number|null);
                tensors?: (fedcxr.v1.TensorSet.$Properties|null);
                metrics?: (fedcxr.v1.FitMetrics.$Properties|null);
                prototypes?: (fedcxr.v1.ClassPrototype.$Properties[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.FitRes.$Properties;
        }

        enum Split {
            SPLIT_UNSPECIFIED = 0,
            VAL = 1,
            TEST = 2
        }

        interface IEvaluateIns extends fedcxr.v1.EvaluateIns.$Properties {
        }

        class EvaluateIns {
            constructor(properties?: fedcxr.v1.EvaluateIns.$Properties);
            $unknowns?: Uint8Array[];
            runId: string;
            round: number;
            level: fedcxr.v1.Level;
            trunkHash: string;
            tensors?: (fedcxr.v1.TensorSet.$Properties|null);
            split: fedcxr.v1.Split;
            threshold: number;
            histogramBins: number;
            localTensors: string[];
            tensorsRef: Uint8Array;
            static create(properties: fedcxr.v1.EvaluateIns.$Shape): fedcxr.v1.EvaluateIns & fedcxr.v1.EvaluateIns.$Shape;
            static create(properties?: fedcxr.v1.EvaluateIns.$Properties): fedcxr.v1.EvaluateIns;
            static encode(message: fedcxr.v1.EvaluateIns.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.EvaluateIns & fedcxr.v1.EvaluateIns.$Shape;
        }

        namespace EvaluateIns {
            interface $Properties {
                runId?: (string|null);
                round?: (number|null);
                level?: (fedcxr.v1.Level|null);
                trunkHash?: (string|null);
                tensors?: (fedcxr.v1.TensorSet.$Properties|null);
                split?: (fedcxr.v1.Split|null);
                threshold?: (number|null);
                histogramBins?: (number|null);
                localTensors?: (string[]|null);
                tensorsRef?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.EvaluateIns.$Properties;
        }

        interface IConfusion extends fedcxr.v1.Confusion.$Properties {
        }

        class Confusion {
            constructor(properties?: fedcxr.v1.Confusion.$Properties);
            $unknowns?: Uint8Array[];
            tp: number;
            fp: number;
            tn: number;
            fn: number;
            static create(properties: fedcxr.v1.Confusion.$Shape): fedcxr.v1.Confusion & fedcxr.v1.Confusion.$Shape;
            static create(properties?: fedcxr.v1.Confusion.$Properties): fedcxr.v1.Confusion;
            static encode(message: fedcxr.v1.Confusion.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Confusion & fedcxr.v1.Confusion.$Shape;
        }

        namespace Confusion {
            interface $Properties {
                tp?: (number|null);
                fp?: (number|null);
                tn?: (number|null);
                fn?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.Confusion.$Properties;
        }

        interface IEvaluateRes extends fedcxr.v1.EvaluateRes.$Properties {
        }

        class EvaluateRes {
            constructor(properties?: fedcxr.v1.EvaluateRes.$Properties);
            $unknowns?: Uint8Array[];
            runId: string;
            round: number;
            siteId: string;
            numExamples: number;
            loss: number;
            confusion?: (fedcxr.v1.Confusion.$Properties|null);
            positiveHistogram: number[];
            negativeHistogram: number[];
            withheld: boolean;
            static create(properties: fedcxr.v1.EvaluateRes.$Shape): fedcxr.v1.EvaluateRes & fedcxr.v1.EvaluateRes.$Shape;
            static create(properties?: fedcxr.v1.EvaluateRes.$Properties): fedcxr.v1.EvaluateRes;
            static encode(message: fedcxr.v1.EvaluateRes.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.EvaluateRes & fedcxr.v1.EvaluateRes.$Shape;
        }

        namespace EvaluateRes {
            interface $Properties {
                runId?: (string|null);
                round?: (number|null);
                siteId?: (string|null);
                numExamples?: (number|null);
                loss?: (number|null);
                confusion?: (fedcxr.v1.Confusion.$Properties|null);
                positiveHistogram?: (number[]|null);
                negativeHistogram?: (number[]|null);
                withheld?: (boolean|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.EvaluateRes.$Properties;
        }

        interface IHeartbeat extends fedcxr.v1.Heartbeat.$Properties {
        }

        class Heartbeat {
            constructor(properties?: fedcxr.v1.Heartbeat.$Properties);
            $unknowns?: Uint8Array[];
            runId: string;
            round: number;
            siteId: string;
            progress: number;
            static create(properties: fedcxr.v1.Heartbeat.$Shape): fedcxr.v1.Heartbeat & fedcxr.v1.Heartbeat.$Shape;
            static create(properties?: fedcxr.v1.Heartbeat.$Properties): fedcxr.v1.Heartbeat;
            static encode(message: fedcxr.v1.Heartbeat.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Heartbeat & fedcxr.v1.Heartbeat.$Shape;
        }

        namespace Heartbeat {
            interface $Properties {
                runId?: (string|null);
                round?: (number|null);
                siteId?: (string|null);
                progress?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.Heartbeat.$Properties;
        }

        enum TaskKind {
            TASK_KIND_UNSPECIFIED = 0,
            FIT = 1,
            EVALUATE = 2
        }

        interface IFailure extends fedcxr.v1.Failure.$Properties {
        }

        class Failure {
            constructor(properties?: fedcxr.v1.Failure.$Properties);
            $unknowns?: Uint8Array[];
            runId: string;
            round: number;
            kind: fedcxr.v1.TaskKind;
            error?: (fedcxr.v1.Error.$Properties|null);
            static create(properties: fedcxr.v1.Failure.$Shape): fedcxr.v1.Failure & fedcxr.v1.Failure.$Shape;
            static create(properties?: fedcxr.v1.Failure.$Properties): fedcxr.v1.Failure;
            static encode(message: fedcxr.v1.Failure.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): fedcxr.v1.Failure & fedcxr.v1.Failure.$Shape;
        }

        namespace Failure {
            interface $Properties {
                runId?: (string|null);
                round?: (number|null);
                kind?: (fedcxr.v1.TaskKind|null);
                error?: (fedcxr.v1.Error.$Properties|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = fedcxr.v1.Failure.$Properties;
        }
    }
}
