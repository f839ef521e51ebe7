CREATE TABLE "whatsapp_auth" (
	"session_id" text NOT NULL,
	"category" text NOT NULL,
	"key_id" text NOT NULL,
	"value_sealed" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whatsapp_auth_session_id_category_key_id_pk" PRIMARY KEY("session_id","category","key_id")
);
