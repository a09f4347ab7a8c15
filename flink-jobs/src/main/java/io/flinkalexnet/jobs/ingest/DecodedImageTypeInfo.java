package io.flinkalexnet.jobs.ingest;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for {@link DecodedImage}: serialised by {@link DecodedImageSerializer}. */
public final class DecodedImageTypeInfo extends TypeInformation<DecodedImage> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<DecodedImage> getTypeClass() {
        return DecodedImage.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<DecodedImage> createSerializer(SerializerConfig config) {
        return new DecodedImageSerializer();
    }

    @Override
    public String toString() {
        return "DecodedImage";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DecodedImageTypeInfo;
    }

    @Override
    public int hashCode() {
        return DecodedImageTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof DecodedImageTypeInfo;
    }

    /** Named by {@link DecodedImage}'s {@code @TypeInfo}, so every use of the type gets this serializer. */
    public static final class Factory extends TypeInfoFactory<DecodedImage> {
        @Override
        public TypeInformation<DecodedImage> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new DecodedImageTypeInfo();
        }
    }
}
