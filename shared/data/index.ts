/** The data pipeline's public surface: manifests, decoding, preprocessing, cache, splits, augmentation, phantoms. */
export * from './sample.js';
export { loadDataset, type LoadOptions, type LoadedDataset, type LoadStats, type ManifestSource } from './load.js';
export { readManifest, readCsvManifest, scanClassFolders, patientFromFilename, mapLabel, DEFAULT_LABEL_MAP, type ManifestEntry, type LabelMap } from './manifest.js';
export { splitByPatient, carveBalanced, patientOverlap, type CarveSpec, type Splits, type Labelled } from './split.js';
export { decodeImage, sniffFormat, type DecodedImage, type DecodeOptions } from './decode.js';
export { readDicom, type DicomImage, type DicomReport, type DicomReadOptions, type ViewPosition } from './dicom.js';
export { transferSyntaxName, TRANSFER_SYNTAXES, type SyntaxInfo } from './dicom-syntax.js';
export { preprocessConfig, preprocessGray, equalizeGray, toVggInput, fromVggInput, equalizeHist, VGG_BGR_MEANS, type PreprocessConfig, type Equalize } from './preprocess.js';
export { clahe, type ClaheOptions } from './clahe.js';
export { PreprocessCache, cacheKey, defaultCacheDir } from './cache.js';
export { augmentBatch, augmentImage, DEFAULT_AUGMENT, type AugmentOptions } from './augment.js';
export { phantomDataset, renderPhantom, phantomSeed, phantomPatient, type Difficulty, type PhantomDisease, type PhantomDatasetOptions, type Phantom } from './phantom.js';
export { writePhantoms, type WritePhantomsOptions, type WritePhantomsResult } from './phantom-write.js';
export { siteStyle, KNOWN_SITES, type SiteStyle } from './phantom-style.js';
export { intensityHistogram, sampleIntensityHistogram, referenceHistogram, matchingMap, mapSamples, harmoniser, normalise, DEFAULT_INTENSITY_BINS } from './harmonise.js';
