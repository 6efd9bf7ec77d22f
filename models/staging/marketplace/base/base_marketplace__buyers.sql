with

source as (
    select * from {{ source('marketplace', 'buyers') }}
),

typed as (
    select
        nullif(trim(buyer_id), '') as buyer_id,
        created_at,
        updated_at,
        deleted_at,
        deleted_at is not null as is_erased,
        -- erased buyers keep no personal data: e-mail, gender, birth date and city are nulled
        case
            when deleted_at is null and nullif(trim(email), '') is not null
                then {{ dbt.hash("lower(trim(email))") }}
        end as email_hash,
        case
            when deleted_at is null and upper(trim(gender)) in ('F', 'M', 'X')
                then upper(trim(gender))
        end as gender,
        case when deleted_at is null then birth_date end as birth_date,
        case
            when
                {{ matches_regex(normalize_code('country_code'), '^[A-Z]{2}$') }}
                and {{ normalize_code('country_code') }} not in ('AA', 'ZZ')
                and {{ normalize_code('country_code') }} not like 'X%'
                and {{ normalize_code('country_code') }} not between 'QM' and 'QZ'
                then {{ normalize_code('country_code') }}
        end as country_code,
        case when deleted_at is null then nullif(lower(trim(city)), '') end as city,
        lower(trim(account_type)) as account_type,
        lower(trim(acquisition_channel)) as acquisition_channel,
        coalesce(marketing_consent, false) as has_marketing_consent,
        coalesce(newsletter_opt_in, false) as is_newsletter_subscriber,
        coalesce(is_test_account, false) as is_test_account
    from source
),

flagged as (
    select
        *,
        case
            when buyer_id is null then 'null_key'
            {{ version_rejection(['buyer_id'], 'updated_at', ['created_at desc', 'email_hash']) }}
            when is_test_account then 'test_account'
            {{ timestamp_rejection('created_at') }}
        end as rejection_reason
    from typed
)

select * from flagged
